"""Phases and the 70 per cent rule: each group's completion against the reviews foreseen
at the beginning of the phase, and the Conference's decision to let a group advance
anyway, recorded with who, why and when (note, para. 17)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from services.reviews.adapters.unit_of_work import ReviewsUnitOfWork
from services.reviews.domain import stages as s
from services.reviews.domain.facts import Actor
from services.reviews.domain.phases import completion, phase_end
from shared.context import ServiceContext
from shared.events import new_event
from shared.web.errors import Conflict, NotFound, Unprocessable


def phase_completions(ctx: ServiceContext, as_of: dt.date, group_number: int | None = None,
                      phase: int | None = None) -> list[dict]:
    """Every phase (or the one asked for) with its completion as of `as_of`."""
    with ctx.uow() as uow:
        phases = [p for p in uow.phases()
                  if group_number in (None, p.group_number) and phase in (None, p.phase)]
        done = Counter((r.group_number, r.phase) for r in uow.reviews_as_of(as_of)
                       if r.stage == s.COMPLETED)
    if group_number is not None and phase is not None and not phases:
        raise NotFound(f"group {group_number} has no phase {phase}", field="phase")
    out = []
    for p in phases:
        c = completion(p.foreseen, done[(p.group_number, p.phase)],
                       ctx.settings.phase_threshold, p.override, as_of)
        out.append({"group_number": p.group_number, "phase": p.phase, "cluster": p.cluster,
                    "starts_on": p.starts_on, "as_of": as_of, "foreseen": c.foreseen,
                    "completed": c.completed, "percentage": c.percentage,
                    "threshold": c.threshold, "rule_met": c.rule_met,
                    "may_advance": c.may_advance, "override": c.override,
                    "ends_on": phase_end(p.starts_on, p.end_decision, as_of),
                    "end_decision": p.end_decision if p.end_decision is not None
                    and p.end_decision.decided_on <= as_of else None})
    return out


def record_override(ctx: ServiceContext, group_number: int, phase: int, actor: Actor,
                    reason: str, decided_on: dt.date) -> None:
    """The Conference decided that the group advances whatever its completion."""
    with ctx.uow() as uow:
        override_phase(uow, group_number, phase, actor, reason, decided_on, ctx.clock.now())


def override_phase(uow: ReviewsUnitOfWork, group_number: int, phase: int, actor: Actor,
                   reason: str, decided_on: dt.date, now: dt.datetime,
                   history: bool = False) -> None:
    """Record the Conference's decision in `uow` (the command's, or the history
    import's, whose event is marked as history): refused when it lies in the future,
    gives no reason, names no phase of the group or follows another one."""
    if decided_on > now.date():
        raise Unprocessable("a decision cannot be recorded before it is taken",
                            field="decided_on")
    if not reason.strip():
        raise Unprocessable("give the Conference's decision (its reference or reason)",
                            field="reason")
    row = uow.phase_for_update(group_number, phase)
    if row is None:
        raise NotFound(f"group {group_number} has no phase {phase}", field="phase")
    if row.override_on is not None:
        raise Conflict(f"an override was already recorded on {row.override_on} by "
                       f"{row.override_by}", field="phase")
    row.override_by, row.override_reason, row.override_on = actor.name, reason, decided_on
    row.override_recorded_at = now
    # lots waits for it before drawing the group's next phase
    uow.record(new_event("PhaseOverrideRecorded", {
        "group_number": group_number, "phase": phase, "decided_on": decided_on,
        "decided_by": actor.name, "reason": reason}, now, history=history))
