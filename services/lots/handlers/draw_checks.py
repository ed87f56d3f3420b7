"""What every draw and repetition is checked for before it is written, drawn here or recorded
as drawn at a meeting: its day, its meeting, and for a group's next phase the 70 per cent
rule."""

from __future__ import annotations

import datetime as dt

from services.lots.adapters.orm import DrawRow, MeetingRow, ReviewGroupRow
from services.lots.adapters.unit_of_work import LotsUnitOfWork
from services.lots.domain.gate import refusal
from shared.context import ServiceContext
from shared.events import Envelope, new_event
from shared.web.errors import Conflict, RuleViolated, Unprocessable


def day_of(ctx: ServiceContext, day: dt.date | None, field: str) -> dt.date:
    """The day a fact happened: today if not given, never after today."""
    today = ctx.clock.today()
    if day is None:
        return today
    if day > today:
        raise Unprocessable(f"{day.isoformat()} is in the future (today is "
                            f"{today.isoformat()})", field=field)
    return day


def known_meeting(uow: LotsUnitOfWork, name: str | None, day: dt.date, field: str = "meeting"
                  ) -> MeetingRow | None:
    """The meeting a draw or a repetition was made at, which must be registered and held
    by the day it names."""
    if name is None:
        return None
    meeting = uow.get(MeetingRow, name)
    if meeting is None:
        raise Unprocessable(f"no meeting {name!r} is registered (POST /meetings)", field=field)
    if meeting.held_on > day:
        raise Unprocessable(f"meeting {name} was held on {meeting.held_on.isoformat()}, after "
                            f"{day.isoformat()}", field=field)
    return meeting


def meeting_day(uow: LotsUnitOfWork, name: str) -> dt.date:
    """The day a meeting was held: the day of a draw that names no other."""
    meeting = uow.get(MeetingRow, name)
    if meeting is None:
        raise Unprocessable(f"no meeting {name!r} is registered (POST /meetings)",
                            field="meeting")
    return meeting.held_on


def check_phase_gate(uow: LotsUnitOfWork, ctx: ServiceContext, group: ReviewGroupRow,
                     on: dt.date) -> None:
    """Refuse the draw of a group's phase after the first while the previous phase has not
    met the 70 per cent rule by `on` and no decision of the Conference otherwise is known."""
    if group.phase <= 1:
        return
    previous = group.phase - 1
    standing = uow.phase_standing(group.number, previous)
    if standing is None:
        raise Conflict(f"phase {previous} of group {group.number} was never drawn here: its "
                       f"phase {group.phase} cannot follow it", field="phase")
    why = refusal(standing, on, ctx.settings.phase_threshold)
    if why is not None:
        raise RuleViolated(why, field="phase", rule="seventy_per_cent",
                           foreseen=standing.foreseen)


def undrawn(group: ReviewGroupRow) -> ReviewGroupRow:
    if group.draw is not None:
        raise Conflict(f"lots were already drawn for group {group.number}, phase "
                       f"{group.phase}", field="group_id", draw_id=group.draw.id)
    return group


def lots_drawn(draw: DrawRow, group: ReviewGroupRow, reviews: list[dict], now: dt.datetime,
               *, history: bool = False) -> Envelope:
    return new_event("LotsDrawn", {
        "draw_id": draw.id, "group_id": group.id, "group_number": group.number,
        "starts_on": group.starts_on, "phase": group.phase, "cluster": group.cluster,
        "reviews": reviews, "meeting": draw.meeting, "drawn_on": draw.drawn_on,
    }, now, history=history)
