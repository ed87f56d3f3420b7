"""The general report of trends in the note's style: numbered paragraphs that say, as of a
day, how many lists of observations it draws on, where challenges and needs were found
most often, and what good practices were reported. No State is named."""

from __future__ import annotations

import datetime as dt

from services.reviews.domain.report.document import Document, Paragraph, Section
from services.reviews.domain.report.numbers import counted, enumerate_words, long_date

TITLE = ("General report of trends, patterns and good practices in the implementation of "
         "the United Nations Convention against Transnational Organized Crime and the "
         "Protocols thereto")
INSTRUMENT_NAMES = {"convention": "the Convention", "trafficking": "the Trafficking in "
                    "Persons Protocol", "smuggling": "the Smuggling of Migrants Protocol",
                    "firearms": "the Firearms Protocol"}
HIDDEN = "fewer than three"


def scope_words(cluster: int | None, phase: int | None) -> str:
    parts = [f"cluster {cluster}" if cluster else "", f"phase {phase}" if phase else ""]
    return " and ".join(p for p in parts if p) or "all clusters and phases"


def article_words(instrument: str, article: str) -> str:
    return f"article {article} of {INSTRUMENT_NAMES.get(instrument, instrument)}"


def reviews_words(n: int | None) -> str:
    return f"{HIDDEN} reviews" if n is None else counted(n, "review")


def trends_document(figures: dict, as_of: dt.date, cluster: int | None,
                    phase: int | None) -> Document:
    day = long_date(as_of)
    opening = (f"As of {day}, the report draws on the lists of observations adopted in "
               f"{reviews_words(figures['reviews'])} ({scope_words(cluster, phase)}). In "
               "accordance with the procedures and rules of the Mechanism, it names no "
               "State and shows no figure drawn from fewer than three reviews.")
    challenges = [f"{article_words(a['instrument'], a['article'])} "
                  f"({reviews_words(a['reviews'])})" for a in figures["frequent_challenges"]]
    needs = [f"{figures['categories'][n['category']].lower()} ({reviews_words(n['reviews'])})"
             for n in figures["frequent_needs"]]
    paragraphs = [Paragraph(opening)]
    paragraphs.append(Paragraph(
        "Challenges in implementation were most frequently identified under "
        f"{enumerate_words(challenges)}." if challenges else
        "No challenge was identified in three or more reviews under any one article."))
    paragraphs.append(Paragraph(
        "The technical assistance needs most frequently identified concerned "
        f"{enumerate_words(needs)}." if needs else
        "No category of technical assistance was identified in three or more reviews."))
    quoted = [Paragraph(f"Under {article_words(a['instrument'], a['article'])}, States "
                        "reported the following good practices:", list(a["good_practices_quoted"]))
              for a in figures["articles"] if a["good_practices_quoted"]]
    return Document(TITLE, f"As of {day}", [
        Section("Trends and patterns", paragraphs),
        Section("Good practices", quoted or [Paragraph(
            "No good practice may yet be quoted: it is quoted only where the State under "
            "review agreed to its publication and at least three reviews cover the article.")]),
    ])
