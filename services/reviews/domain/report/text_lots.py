"""The paragraphs on the drawing of lots, worded like the note's section II.A: the
meetings at which lots were drawn and what each group's draw selected (para. 5), the
repetitions the States asked for and were granted (para. 6)."""

from __future__ import annotations

import datetime as dt

from services.reviews.domain.report.document import Paragraph
from services.reviews.domain.report.numbers import (
    count,
    counted,
    enumerate_words,
    long_date,
    ordinal_group,
)
from services.reviews.domain.report.text_groups import ORDINALS


def lots_paragraphs(figures: dict) -> list[Paragraph]:
    lots, as_of = figures["lots"], long_date(figures["as_of"])
    draws = lots["draws"]
    if not draws:
        return [Paragraph(f"As of {as_of}, no drawing of lots had taken place.")]
    drawn_at = [m["held_on"] for m in lots["meetings"] if m["groups_drawn"]]
    selected = [f"{counted(d['states'], 'country', 'countries')} "
                f"{'was' if d['states'] == 1 else 'were'} selected to participate as part of "
                f"{_group(d)} in {counted(d['reviews'], 'review')}" for d in draws]
    starts = {d["group_number"]: d["starts_on"] for d in draws if d["phase"] == 1}
    staggered = [f"{long_date(day)} for the {ORDINALS.get(g, ordinal_group(g))} group"
                 for g, day in sorted(starts.items())]
    text = (f"The drawing of lots took place at {counted(len(drawn_at), 'meeting')}, held "
            f"on {dates_in_words(drawn_at)}. As a result: {enumerate_words(selected)}.")
    if staggered:
        text += (" The staggered start of the reviews per group of States parties is as "
                 f"follows: {enumerate_words(staggered)}.")
    return [Paragraph(text), _repetitions(lots, as_of)]


def _group(draw: dict) -> str:
    name = ordinal_group(draw["group_number"])
    return name if draw["phase"] == 1 else f"{name} for phase {draw['phase']}"


def _repetitions(lots: dict, as_of: str) -> Paragraph:
    reps = lots["repetitions"]
    if not reps["granted"]:
        return Paragraph(f"As of {as_of}, no repetition of the drawing of lots had been "
                         "requested.")
    days = [m["held_on"] for m in lots["meetings"] if m["repetitions"]]
    asking = counted(reps["states_requesting"], "State party", "States parties")
    text = (f"Following the request of {asking}, the drawing of lots was repeated "
            f"{_times(reps['granted'])} for {counted(reps['reviews'], 'review')}, at "
            f"{counted(len(days), 'meeting')} held on {dates_in_words(days)}")
    if n := reps["exceptional"]:
        text += (f"; {count(n)} of these repetitions {'was' if n == 1 else 'were'} granted "
                 "in exceptional circumstances, beyond the four that a State party may "
                 "request")
    return Paragraph(text + ".")


def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{count(n)} times")


def dates_in_words(days: list[dt.date]) -> str:
    """"23 November and 14 December 2020", "12 October 2021, 17 February and 4 May 2022":
    a year is written once for the dates of it that follow one another."""
    words = []
    for i, day in enumerate(days):
        same_year_next = i + 1 < len(days) and days[i + 1].year == day.year
        words.append(f"{day.day} {day:%B}" if same_year_next else long_date(day))
    return enumerate_words(words)
