"""The Conference's decision on when a group's phase ends (note, paras. 16 and 18): two
years from its start unless it decides otherwise, recorded with who, why, the day it was
decided and the time it was recorded."""

from __future__ import annotations

import datetime as dt

from services.reviews.adapters.repository import refusals
from services.reviews.domain.dates import fact_date
from services.reviews.domain.facts import Actor
from services.reviews.domain.rules import Refused
from shared.context import ServiceContext
from shared.web.errors import Conflict, NotFound


def record_end_decision(ctx: ServiceContext, group_number: int, phase: int, actor: Actor,
                        reason: str, decided_on: dt.date, ends_on: dt.date) -> None:
    """The Conference set another end for the phase; a report as of a day before its
    decision still reads two years from the start."""
    with ctx.uow() as uow, refusals():
        fact_date(decided_on, ctx.clock.today(), field="decided_on")
        if not reason.strip():
            raise Refused("give the Conference's decision (its reference or reason)",
                          field="reason")
        row = uow.phase_for_update(group_number, phase)
        if row is None:
            raise NotFound(f"group {group_number} has no phase {phase}", field="phase")
        if ends_on <= row.starts_on:
            raise Refused(f"the phase starts on {row.starts_on.isoformat()}; it cannot end "
                          "on or before it", field="ends_on")
        if row.ends_on is not None:
            raise Conflict(f"an end was already decided on {row.ends_on_decided_on} "
                           f"({row.ends_on_reason})", field="phase")
        row.ends_on, row.ends_on_reason, row.ends_on_decided_on = ends_on, reason, decided_on
        row.ends_on_recorded_at = ctx.clock.now()
