"""Committing to a draw's seed, and drawing the lots of a review group.

The commitment (SHA-256 of a secret seed) is published with DrawCommitted before the draw;
the draw then uses that seed and reveals it with LotsDrawn. A draw asked for without a
commitment commits and reveals in one step, still recording the commitment.
"""

from __future__ import annotations

import logging

from services.lots.adapters.orm import CommitmentRow, DrawRow, PickRow, ReviewGroupRow
from services.lots.adapters.unit_of_work import LotsUnitOfWork
from services.lots.domain.commands import CommitDraw, DrawLots
from services.lots.domain.commitment import commitment_of, new_seed
from services.lots.domain.draw import DrawInfeasible, run_draw
from services.lots.domain.parties import drawable_on, why_not_drawable
from services.lots.domain.record import inputs_of, problem_of
from services.lots.domain.rules import Rules
from services.lots.handlers.draw_checks import (
    check_phase_gate,
    day_of,
    known_meeting,
    lots_drawn,
    undrawn,
)
from shared.context import ServiceContext
from shared.events import new_event
from shared.web.errors import Conflict, NotFound

log = logging.getLogger(__name__)


def _undrawn_group(uow: LotsUnitOfWork, group_id: int) -> ReviewGroupRow:
    group = uow.get(ReviewGroupRow, group_id)
    if group is None:
        raise NotFound(f"review group {group_id} does not exist", field="group_id")
    return undrawn(group)


def _commit(uow: LotsUnitOfWork, ctx: ServiceContext, group: ReviewGroupRow, seed: str):
    now = ctx.clock.now()
    row = CommitmentRow(group_id=group.id, commitment=commitment_of(seed), seed=seed,
                        committed_at=now)
    uow.add(row)
    event = new_event("DrawCommitted", {"group_id": group.id, "group_number": group.number,
                                        "commitment": row.commitment}, now)
    return row, event


def commit_draw(ctx: ServiceContext, cmd: CommitDraw) -> CommitmentRow:
    """Fix the seed of a group's draw in secret and publish its SHA-256."""
    with ctx.uow() as uow:
        group = _undrawn_group(uow, cmd.group_id)
        if group.commitment is not None:
            raise Conflict(f"the draw of group {group.number} is already committed",
                           field="group_id", commitment=group.commitment.commitment)
        row, event = _commit(uow, ctx, group, new_seed())
        uow.record(event)
    log.info("DrawCommitted %s: group %s committed as %s", event.id, group.number,
             row.commitment)
    return row


def draw_lots(ctx: ServiceContext, cmd: DrawLots) -> DrawRow:
    """Draw the reviewing States of every State under review in a group; publish LotsDrawn."""
    now = ctx.clock.now()
    drawn_on = day_of(ctx, cmd.drawn_on, "drawn_on")
    with ctx.uow() as uow:
        group = _undrawn_group(uow, cmd.group_id)
        known_meeting(uow, cmd.meeting, drawn_on)
        check_phase_gate(uow, ctx, group, drawn_on)
        events = []
        commitment = group.commitment
        if commitment is None:
            commitment, event = _commit(uow, ctx, group, cmd.seed or new_seed())
            events.append(event)
        elif cmd.seed and cmd.seed != commitment.seed:
            raise Conflict(f"the draw of group {group.number} is committed to another seed; "
                           "draw without one", field="seed")
        inputs = _inputs(uow, ctx, group)
        try:
            result = run_draw(problem_of(inputs), commitment.seed)
        except DrawInfeasible as exc:
            raise Conflict(exc.detail, field="group_id", constraint=exc.constraint,
                           states=exc.states) from exc
        draw = _record(uow, group, result,
                       DrawRow(group_id=group.id, seed=commitment.seed, drawn_at=now,
                               drawn_on=drawn_on, meeting=cmd.meeting,
                               commitment=commitment.commitment, inputs=inputs))
        events.append(lots_drawn(draw, group, result.reviews(), now))
        uow.record(*events)
        uow.flush()
        uow.refresh(draw)
    log.info("LotsDrawn %s: draw %s of group %s, %s picks, seed committed as %s",
             events[-1].id, draw.id, group.number, len(result.picks), commitment.commitment)
    return draw


def _record(uow: LotsUnitOfWork, group: ReviewGroupRow, result, draw: DrawRow) -> DrawRow:
    """The draw and every pick with the pool it was drawn from."""
    uow.add(draw)
    uow.flush()
    uow.add(*(PickRow(
        draw_id=draw.id, phase=group.phase, state_under_review=pick.state_under_review,
        reviewer=pick.chosen, slot=pick.slot, pool=list(pick.pool),
        instruments=list(pick.instruments), completes=pick.completes,
    ) for pick in result.picks))
    if result.undecided:
        log.warning("draw %s of group %s: %s candidates left out of pools, undecided within "
                    "the search budget", draw.id, group.number, result.undecided)
    return draw


def _inputs(uow: LotsUnitOfWork, ctx: ServiceContext, group: ReviewGroupRow) -> dict:
    """The parties as they stood on the group's start (those taking part in the reviews,
    each with the instruments it was party to then: a State is reviewed, and reviews, only
    on those), the pairs of the phase's other draws, the rules."""
    registered = uow.parties()
    parties = drawable_on(registered.values(), group.starts_on)
    refused = [why_not_drawable(registered.get(code), code, group.starts_on)
               for code in group.states_under_review if code not in parties]
    if refused:
        raise Conflict("; ".join(refused), field="states_under_review",
                       states=[c for c in group.states_under_review if c not in parties])
    rules = Rules(ctx.settings.max_reviews_per_reviewer, ctx.settings.max_reviewing_states,
                  dict(group.reviewing_state_limits or {}))
    return inputs_of(group.states_under_review, parties.values(),
                     uow.phase_pairs(group.phase), rules)
