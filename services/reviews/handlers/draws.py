"""The reviews service's own copy of the draws and of their repetitions (from `LotsDrawn`
and `DrawRepeated`), which the report's section on the drawing of lots reads (note,
paras. 4-7). A draw or a repetition is dated on the meeting's day when the event says it,
else on the day it was recorded.
"""

from __future__ import annotations

import datetime as dt

from services.reviews.adapters.draws_orm import DrawCopyRow, RepetitionCopyRow
from services.reviews.adapters.unit_of_work import ReviewsUnitOfWork


def drawn_on(drawn: dict, now: dt.datetime) -> dt.date:
    """The day of a draw: the meeting's, or the day it was recorded."""
    return drawn.get("drawn_on") or now.date()


def keep_draw(uow: ReviewsUnitOfWork, drawn: dict, now: dt.datetime) -> None:
    """Keep the draw once, however many copies of it arrive."""
    if uow.draw_copy(drawn["draw_id"]) is not None:
        return
    states = {code for entry in drawn["reviews"] for code in (
        entry["state_under_review"], *entry["reviewing_states"],
        *entry.get("additional_reviewers", {}))}
    uow.add(DrawCopyRow(
        draw_id=drawn["draw_id"], group_number=drawn["group_number"], phase=drawn["phase"],
        starts_on=drawn["starts_on"], meeting=drawn.get("meeting"),
        drawn_on=drawn_on(drawn, now), reviews=len(drawn["reviews"]), states=len(states),
        received_at=now))


def keep_repetition(uow: ReviewsUnitOfWork, repeated: dict, now: dt.datetime) -> dt.date:
    """Keep a repetition granted; return its day."""
    day = repeated.get("repeated_on") or now.date()
    uow.add(RepetitionCopyRow(
        draw_id=repeated["draw_id"], group_number=repeated["group_number"],
        phase=repeated["phase"], state_under_review=repeated["state_under_review"],
        repetition=repeated["repetition"], replaced=repeated["replaced"],
        replacement=repeated["replacement"], requested_by=repeated["requested_by"],
        exceptional=repeated["exceptional"], reason=(repeated.get("reason") or "")[:500] or None,
        meeting=repeated.get("meeting"), repeated_on=day, received_at=now))
    return day
