"""Recording a draw's result as drawn at a meeting on a date: the system does not draw it
again, it checks it against every rule of the draw and records it with its meeting, its
date and the reviews agreed as exceptions; LotsDrawn tells the other services."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import replace

from services.lots.adapters.orm import DrawRow, PickRow, ReviewGroupRow
from services.lots.adapters.unit_of_work import LotsUnitOfWork
from services.lots.domain.commands import RecordDraw
from services.lots.domain.parties import StateParty, drawable_on, why_not_drawable
from services.lots.domain.record import inputs_of
from services.lots.domain.recorded import Breach, RecordedReview, breaches, picks_of
from services.lots.domain.rules import Rules
from services.lots.handlers.draw_checks import (
    check_phase_gate,
    day_of,
    known_meeting,
    lots_drawn,
    meeting_day,
    undrawn,
)
from shared.context import ServiceContext
from shared.web.errors import NotFound, RuleViolated

log = logging.getLogger(__name__)


def record_draw(ctx: ServiceContext, cmd: RecordDraw) -> DrawRow:
    """Record the result drawn at a meeting, or refuse it naming each rule it breaks."""
    if cmd.drawn_on is not None:
        day_of(ctx, cmd.drawn_on, "drawn_on")
    with ctx.uow() as uow:
        if cmd.drawn_on is None:
            cmd = replace(cmd, drawn_on=meeting_day(uow, cmd.meeting))
        drawn_on = cmd.drawn_on
        group = uow.group_numbered(cmd.group_number, cmd.phase)
        if group is None:
            raise NotFound(f"review group {cmd.group_number} has no phase {cmd.phase}",
                           field="group_number")
        undrawn(group)
        known_meeting(uow, cmd.meeting, drawn_on)
        parties = uow.parties()
        pairs = uow.phase_pairs(group.phase)
        found = check_result(group, list(cmd.reviews), parties, pairs, rules_of(ctx, group))
        parties = drawable_on(parties.values(), group.starts_on)
        if found:
            raise RuleViolated(f"the result breaks {len(found)} rule(s) of the draw; "
                               f"first: {found[0].detail} ({found[0].rule})",
                               field="reviews", breaches=[as_dict(b) for b in found])
        check_phase_gate(uow, ctx, group, drawn_on)
        draw = write_recorded(uow, ctx, group, cmd, parties, pairs)
        uow.record(lots_drawn(draw, group, reviews_payload(cmd.reviews), ctx.clock.now()))
        uow.flush()
        uow.refresh(draw)
    log.info("LotsDrawn: draw %s of group %s recorded as drawn at %s on %s", draw.id,
             group.number, cmd.meeting, drawn_on)
    return draw


def rules_of(ctx: ServiceContext, group: ReviewGroupRow) -> Rules:
    return Rules(ctx.settings.max_reviews_per_reviewer, ctx.settings.max_reviewing_states,
                 dict(group.reviewing_state_limits or {}))


def check_result(group: ReviewGroupRow, reviews: list[RecordedReview],
                 registered: Mapping[str, StateParty], pairs: Iterable[tuple[str, str]],
                 rules: Rules) -> list[Breach]:
    """Every breach: States that could not be drawn (unknown, kept out, not yet party on
    the group's start), States under review missing or foreign to the group, then the rules
    of the draw that no exception excuses, on the instruments of the group's start."""
    parties = drawable_on(registered.values(), group.starts_on)
    found = [Breach("parties", r.state_under_review, why)
             for r in reviews for code in dict.fromkeys((r.state_under_review, *r.reviewers))
             if code not in parties
             and (why := why_not_drawable(registered.get(code), code, group.starts_on))]
    given = [r.state_under_review for r in reviews]
    members = set(group.states_under_review)
    for code in sorted(members - set(given)):
        found.append(Breach("states_under_review", code, f"{code} is under review in group "
                            f"{group.number} but the result has no reviewers for it"))
    for code in dict.fromkeys(given):
        if code not in members:
            found.append(Breach("states_under_review", code, f"{code} is not under review "
                                f"in group {group.number}"))
        elif given.count(code) > 1:
            found.append(Breach("states_under_review", code, f"{code} appears twice"))
    if found:
        return found
    return breaches(reviews, parties, pairs, rules)


def as_dict(breach: Breach) -> dict:
    return {"rule": breach.rule, "state_under_review": breach.state_under_review,
            "detail": breach.detail}


def write_recorded(uow: LotsUnitOfWork, ctx: ServiceContext, group: ReviewGroupRow,
                   cmd: RecordDraw, parties: Mapping[str, StateParty],
                   pairs: Iterable[tuple[str, str]]) -> DrawRow:
    """The draw with no seed, its inputs (so a repetition may still be drawn by lot), the
    exceptions with their reasons, and each reviewer as a pick with an empty pool."""
    inputs = inputs_of(group.states_under_review, parties.values(), pairs, rules_of(ctx, group))
    draw = DrawRow(group_id=group.id, seed=None, commitment=None, inputs=inputs,
                   drawn_at=ctx.clock.now(), drawn_on=cmd.drawn_on, meeting=cmd.meeting,
                   recorded=True, exceptions={r.state_under_review: r.exception_reason
                                              for r in cmd.reviews if r.exception_reason})
    uow.add(draw)
    uow.flush()
    uow.add(*(PickRow(draw_id=draw.id, phase=group.phase,
                      state_under_review=pick.state_under_review, reviewer=pick.reviewer,
                      slot=pick.slot, pool=[], instruments=list(pick.instruments),
                      completes=pick.completes)
              for review in cmd.reviews for pick in picks_of(review, parties)))
    return draw


def reviews_payload(reviews: Iterable[RecordedReview]) -> list[dict]:
    """The reviews in the shape of the LotsDrawn payload."""
    return [{"state_under_review": r.state_under_review,
             "reviewing_states": [*r.reviewing_states, *r.additional_reviewers],
             "additional_reviewers": {code: list(i) for code, i in
                                      r.additional_reviewers.items()}}
            for r in sorted(reviews, key=lambda r: r.state_under_review)]
