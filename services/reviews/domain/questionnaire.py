"""The self-assessment questionnaire as the rules see it: a bank of questions per thematic
cluster (a version of it), each question on one article of the Convention or of one
Protocol, and the questions a State under review answers.

DOMAIN.md: a State is reviewed only on the instruments it was party to when its review
started, and the questionnaire covers, for the phase's cluster, the articles of the
Convention and of each Protocol the State is party to. A review keeps the version of the
bank it started with, so an answer never loses the question it answers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

#: the Convention and its three Protocols, in the order the questionnaire lists them
INSTRUMENTS: tuple[str, ...] = ("convention", "trafficking", "smuggling", "firearms")
PROTOCOLS: tuple[str, ...] = INSTRUMENTS[1:]
#: the thematic clusters the mechanism reviews (resolution 9/1, its appendix)
CLUSTERS: tuple[int, ...] = (1, 2, 3, 4)


@dataclass(frozen=True)
class Question:
    id: str
    instrument: str
    article: str
    #: what the article is about, in the bank's words
    subject: str
    #: the provision the question is drawn from, e.g. "Convention, art. 5 (1) (a)"
    cites: str
    text: str


@dataclass(frozen=True)
class Questionnaire:
    """The questions one review's State under review answers: one bank version, cut to
    the instruments it was party to when the review started."""

    cluster: int
    version: int
    instruments: tuple[str, ...]
    questions: tuple[Question, ...]
    #: false while nothing has fixed it yet (no answer written): it may still follow a
    #: newer bank version or a correction of the State's instruments
    fixed: bool = True

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(q.id for q in self.questions)


@dataclass(frozen=True)
class PartyInstruments:
    """The reviews service's copy of what a State is party to, and since when (None where
    the lots service did not know the day)."""

    code: str
    instruments: tuple[str, ...]
    since: Mapping[str, dt.date | None]


def instruments_on(party: PartyInstruments | None, day: dt.date) -> tuple[str, ...]:
    """The instruments the State was party to on `day`, in the questionnaire's order.

    A State under review is party to the Convention, whatever the copy says (or when there
    is no copy yet); a Protocol counts if the State is party to it and became party on or
    before the day (an unknown day counts as party all along, as the lots service holds)."""
    if party is None:
        return ("convention",)
    held = {"convention"}
    for instrument in PROTOCOLS:
        since = party.since.get(instrument)
        if instrument in party.instruments and (since is None or since <= day):
            held.add(instrument)
    return tuple(i for i in INSTRUMENTS if i in held)


def applicable(questions: Iterable[Question], instruments: Iterable[str]) -> tuple[Question, ...]:
    """The bank's questions on the instruments given, in the bank's order."""
    held = set(instruments)
    return tuple(q for q in questions if q.instrument in held)


def version_in_force(loaded: Iterable[tuple[int, dt.datetime]],
                     started_at: dt.datetime | None) -> int | None:
    """The bank version a review takes: the newest loaded when the review started (the
    newest now if it has not started), or the oldest when none was loaded before its
    start (a bank loaded after reviews were under way)."""
    versions = sorted(loaded, key=lambda v: (v[1], v[0]))
    if not versions:
        return None
    if started_at is None:
        return versions[-1][0]
    before = [version for version, at in versions if at <= started_at]
    return before[-1] if before else versions[0][0]
