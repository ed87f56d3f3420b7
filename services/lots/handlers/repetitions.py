"""Repeating the draw for one reviewer of one review, at a State party's request."""

from __future__ import annotations

import logging

from services.lots.adapters import repository
from services.lots.adapters.orm import DrawRow, RepetitionRow
from services.lots.adapters.unit_of_work import LotsUnitOfWork
from services.lots.domain.commands import RepeatDraw
from services.lots.domain.commitment import new_seed
from services.lots.domain.diagnose import DrawInfeasible
from services.lots.domain.record import problem_of
from services.lots.domain.repetition import redraw, reviewing_states, reviews_in_force
from services.lots.handlers.draw_checks import day_of, known_meeting
from shared.context import ServiceContext
from shared.events import Envelope, new_event
from shared.web.errors import Conflict, NotFound, RuleViolated, Unprocessable

log = logging.getLogger(__name__)


def repeat_draw(ctx: ServiceContext, cmd: RepeatDraw) -> RepetitionRow:
    """Replace one reviewing State by lot; publish DrawRepeated. Other reviews are kept."""
    now = ctx.clock.now()
    repeated_on = day_of(ctx, cmd.repeated_on, "repeated_on")
    with ctx.uow() as uow:
        draw = uow.get(DrawRow, cmd.draw_id)
        if draw is None:
            raise NotFound(f"draw {cmd.draw_id} does not exist", field="draw_id")
        if repeated_on < draw.drawn_on:
            raise Unprocessable(f"draw {draw.id} was drawn on {draw.drawn_on.isoformat()}: "
                                "it cannot be repeated before", field="repeated_on")
        known_meeting(uow, cmd.meeting, repeated_on)
        reviews = repository.draw_reviews(draw)
        count = _check_request(uow, ctx, draw, reviews, cmd)
        state = cmd.state_under_review
        outside = sorted(pair for pair in uow.phase_pairs(draw.group.phase, except_draw=draw.id)
                         if state in pair)
        history = [r.replaced for r in draw.repetitions if r.state_under_review == state]
        seed = cmd.seed or new_seed()
        try:
            redrawn = redraw(problem_of(draw.inputs), reviews, state, cmd.replaced, seed=seed,
                             outside=outside, history=history)
        except DrawInfeasible as exc:
            raise Conflict(exc.detail, field="replaced", constraint=exc.constraint,
                           states=exc.states) from exc
        row = RepetitionRow(
            draw_id=draw.id, number=len(draw.repetitions) + 1, phase=draw.group.phase,
            state_under_review=state, slot=redrawn.slot, replaced=cmd.replaced,
            replacement=redrawn.replacement, requested_by=cmd.requested_by,
            request_count=count, reason=cmd.reason, exceptional=cmd.exceptional,
            requested_at=now, repeated_on=repeated_on, meeting=cmd.meeting, seed=seed,
            pool=list(redrawn.pool), instruments=list(redrawn.instruments),
            outside_pairs=[list(p) for p in outside],
        )
        uow.add(row)
        event = repeated(draw, row, now)
        uow.record(event)
    log.info("DrawRepeated %s: draw %s, %s replaced %s as reviewer of %s at the request of "
             "%s (repetition %s%s)", event.id, draw.id, row.replacement, row.replaced,
             row.state_under_review, row.requested_by, row.request_count,
             ", exceptional" if row.exceptional else "")
    return row


def repeated(draw: DrawRow, row: RepetitionRow, now, *, history: bool = False) -> Envelope:
    """DrawRepeated, with every reviewing State of the review once the repetition applies."""
    after = reviews_in_force(repository.pick_dicts(draw), [
        *repository.repetition_dicts(draw),
        {"state_under_review": row.state_under_review, "replaced": row.replaced,
         "replacement": row.replacement}])
    return new_event("DrawRepeated", {
        "draw_id": draw.id, "group_number": draw.group.number, "phase": draw.group.phase,
        "state_under_review": row.state_under_review, "replaced": row.replaced,
        "replacement": row.replacement,
        "reviewing_states": reviewing_states(after[row.state_under_review]),
        "requested_by": row.requested_by, "reason": row.reason,
        "exceptional": row.exceptional, "repetition": row.request_count,
        "meeting": row.meeting, "repeated_on": row.repeated_on,
    }, now, history=history)


def _check_request(uow: LotsUnitOfWork, ctx: ServiceContext, draw: DrawRow, reviews: dict,
                   cmd: RepeatDraw) -> int:
    """Refuse a request the rules do not allow; the number of the requester's repetition."""
    if draw.inputs is None:
        raise Conflict(f"draw {draw.id} was made before draws recorded their inputs; "
                       "it cannot be repeated by lot", field="draw_id")
    state = cmd.state_under_review
    if state not in reviews:
        raise Unprocessable(f"{state} is not under review in draw {draw.id}",
                            field="state_under_review")
    current = [p.reviewer for p in reviews[state]]
    if cmd.replaced not in current:
        raise Unprocessable(f"{cmd.replaced} does not review {state} (its reviewing States "
                            f"are {', '.join(current)})", field="replaced")
    if cmd.requested_by not in (state, *current):
        raise Unprocessable(f"only {state} or one of its reviewing States may ask for the "
                            "draw to be repeated", field="requested_by")
    if cmd.exceptional and not (cmd.reason or "").strip():
        raise RuleViolated("an exceptional redraw needs a reason", field="reason")
    count = uow.requests_in_phase(draw.group.phase, cmd.requested_by) + 1
    limit = ctx.settings.max_repetitions
    if count > limit and not cmd.exceptional:
        raise RuleViolated(
            f"{cmd.requested_by} has already asked for {limit} repetitions in phase "
            f"{draw.group.phase}; beyond that only an exceptional redraw, with its reason, "
            "is possible", field="exceptional")
    return count
