"""Reading the lots tables into the shapes the domain works with (within a caller's session)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.lots.adapters.orm import (
    CompletedReviewRow,
    DrawRow,
    PhaseOverrideRow,
    PickRow,
    RepetitionRow,
    ReviewGroupRow,
    StatePartyRow,
)
from services.lots.domain.gate import PhaseStanding
from services.lots.domain.parties import StateParty
from services.lots.domain.repetition import Placement, reviews_in_force


def as_party(row: StatePartyRow) -> StateParty:
    return StateParty(row.code, row.name, row.regional_group, row.legal_system,
                      tuple(row.instruments), row.convention_on, row.trafficking_on,
                      row.smuggling_on, row.firearms_on,
                      row.takes_part is not False, row.kept_out_reason)


def parties(session: Session) -> dict[str, StateParty]:
    rows = session.scalars(select(StatePartyRow).order_by(StatePartyRow.code))
    return {row.code: as_party(row) for row in rows}


def _placement(pick: PickRow) -> dict:
    return {"state_under_review": pick.state_under_review, "slot": pick.slot,
            "reviewer": pick.reviewer, "instruments": list(pick.instruments or []),
            "completes": pick.completes}


def pick_dicts(draw: DrawRow) -> list[dict]:
    return [{**_placement(p), "pool": list(p.pool)} for p in draw.picks]


def repetition_dicts(draw: DrawRow, as_of: dt.date | None = None) -> list[dict]:
    return [{"number": r.number, "state_under_review": r.state_under_review,
             "slot": r.slot, "replaced": r.replaced, "replacement": r.replacement,
             "requested_by": r.requested_by, "reason": r.reason,
             "exceptional": r.exceptional, "requested_at": r.requested_at,
             "repeated_on": r.repeated_on, "meeting": r.meeting,
             "seed": r.seed, "pool": list(r.pool), "instruments": list(r.instruments),
             "outside_pairs": [list(p) for p in r.outside_pairs]}
            for r in draw.repetitions
            if as_of is None or r.repeated_on <= as_of]


def draw_reviews(draw: DrawRow, as_of: dt.date | None = None) -> dict[str, list[Placement]]:
    """Who reviews whom in this draw, after the repetitions made by `as_of` (or all). Reads
    no pool, which a light read leaves unloaded (queries.get_draw)."""
    return reviews_in_force(
        [_placement(p) for p in draw.picks],
        [{"state_under_review": r.state_under_review, "replaced": r.replaced,
          "replacement": r.replacement}
         for r in draw.repetitions if as_of is None or r.repeated_on <= as_of])


def phase_pairs(session: Session, phase: int, *, except_draw: int | None = None
                ) -> set[tuple[str, str]]:
    """(reviewer, reviewed) pairs in force in the phase's draws (but one, if given)."""
    draws = session.scalars(
        select(DrawRow).join(ReviewGroupRow).where(ReviewGroupRow.phase == phase))
    return {(p.reviewer, state)
            for draw in draws if draw.id != except_draw
            for state, placements in draw_reviews(draw).items() for p in placements}


def requests_in_phase(session: Session, phase: int, state: str) -> int:
    """How many repetitions `state` has asked for in the phase."""
    return session.scalar(select(func.count()).select_from(RepetitionRow).where(
        RepetitionRow.phase == phase, RepetitionRow.requested_by == state)) or 0


def phase_standing(session: Session, number: int, phase: int) -> PhaseStanding | None:
    """The group's phase as the 70 per cent rule reads it; None if it was never drawn."""
    group = session.scalar(select(ReviewGroupRow).where(
        ReviewGroupRow.number == number, ReviewGroupRow.phase == phase))
    if group is None or group.draw is None:
        return None
    days = session.scalars(select(CompletedReviewRow.completed_on).where(
        CompletedReviewRow.group_number == number, CompletedReviewRow.phase == phase))
    override = session.scalar(select(PhaseOverrideRow).where(
        PhaseOverrideRow.group_number == number, PhaseOverrideRow.phase == phase))
    return PhaseStanding(number, phase, len(group.states_under_review), tuple(days),
                         override.decided_on if override else None,
                         override.reason if override else None)


def repetition_recorded(session: Session, key: tuple[int, int], line: dict) -> bool:
    number, phase = key
    return session.scalar(select(func.count()).select_from(RepetitionRow).join(DrawRow).join(
        ReviewGroupRow).where(
        ReviewGroupRow.number == number, ReviewGroupRow.phase == phase,
        RepetitionRow.state_under_review == line["state_under_review"],
        RepetitionRow.replaced == line["replaced"],
        RepetitionRow.replacement == line["replacement"],
        RepetitionRow.repeated_on == line["repeated_on"])) > 0
