"""What the lots service does: register parties, create groups, draw lots.

Each handler is one transaction: its writes and its events (through the outbox) commit
together or not at all.
"""

from __future__ import annotations

import secrets

from sqlalchemy import select

from services.lots.adapters.orm import DrawRow, PickRow, ReviewGroupRow, StatePartyRow
from services.lots.domain.commands import CreateReviewGroup, DrawLots, RegisterStateParty
from services.lots.domain.draw import DrawInfeasible, draw_reviewers
from services.lots.domain.parties import StateParty
from shared.bus.outbox import record
from shared.context import ServiceContext
from shared.db import transaction
from shared.errors import Conflict, NotFound, Unprocessable
from shared.events import new_event


def _party_payload(row: StatePartyRow) -> dict:
    return {
        "code": row.code,
        "name": row.name,
        "regional_group": row.regional_group,
        "legal_system": row.legal_system,
        "instruments": list(row.instruments),
    }


def register_state_parties(ctx: ServiceContext, commands: list[RegisterStateParty]) -> dict:
    """Create or update parties; publish an event only for what actually changed."""
    counts = {"registered": 0, "updated": 0, "unchanged": 0}
    now = ctx.clock.now()
    with transaction(ctx.session_factory) as session:
        existing = {r.code: r for r in session.scalars(select(StatePartyRow))}
        events = []
        for cmd in commands:
            row = existing.get(cmd.code)
            fields = dict(name=cmd.name, regional_group=cmd.regional_group,
                          legal_system=cmd.legal_system, instruments=list(cmd.instruments))
            if row is None:
                row = StatePartyRow(code=cmd.code, registered_at=now, **fields)
                session.add(row)
                existing[cmd.code] = row
                counts["registered"] += 1
                events.append(new_event("StatePartyRegistered", _party_payload(row), now))
            elif any(getattr(row, k) != v for k, v in fields.items()):
                for key, value in fields.items():
                    setattr(row, key, value)
                counts["updated"] += 1
                events.append(new_event("StatePartyUpdated", _party_payload(row), now))
            else:
                counts["unchanged"] += 1
        record(session, *events)
    return counts


def create_review_group(ctx: ServiceContext, cmd: CreateReviewGroup) -> ReviewGroupRow:
    with transaction(ctx.session_factory) as session:
        if session.scalar(select(ReviewGroupRow).where(ReviewGroupRow.number == cmd.number)):
            raise Conflict(f"review group {cmd.number} already exists", field="number")
        codes = list(dict.fromkeys(cmd.states_under_review))
        known = set(session.scalars(
            select(StatePartyRow.code).where(StatePartyRow.code.in_(codes))
        ))
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise Unprocessable(
                f"not registered as States parties: {', '.join(unknown)}",
                field="states_under_review",
            )
        group = ReviewGroupRow(
            number=cmd.number, starts_on=cmd.starts_on, phase=cmd.phase, cluster=cmd.cluster,
            states_under_review=codes, created_at=ctx.clock.now(),
        )
        session.add(group)
    return group


def _as_party(row: StatePartyRow) -> StateParty:
    return StateParty(row.code, row.name, row.regional_group, row.legal_system,
                      tuple(row.instruments))


def draw_lots(ctx: ServiceContext, cmd: DrawLots) -> DrawRow:
    """Draw the reviewing States of every State under review in a group; publish LotsDrawn."""
    now = ctx.clock.now()
    with transaction(ctx.session_factory) as session:
        group = session.get(ReviewGroupRow, cmd.group_id)
        if group is None:
            raise NotFound(f"review group {cmd.group_id} does not exist", field="group_id")
        if group.draw is not None:
            raise Conflict(f"lots were already drawn for group {group.number}",
                           field="group_id", draw_id=group.draw.id)
        parties = {r.code: _as_party(r) for r in session.scalars(select(StatePartyRow))}
        drawn_in_phase = {
            (p.reviewer, p.state_under_review)
            for p in session.scalars(select(PickRow).where(PickRow.phase == group.phase))
        }
        seed = cmd.seed or secrets.token_hex(16)
        try:
            result = draw_reviewers(
                [parties[c] for c in group.states_under_review], list(parties.values()),
                seed=seed, forbidden=drawn_in_phase,
                max_per_reviewer=ctx.settings.max_reviews_per_reviewer,
            )
        except DrawInfeasible as exc:
            raise Conflict(exc.detail, field="group_id", states=exc.states) from exc
        draw = DrawRow(group_id=group.id, seed=seed, drawn_at=now)
        session.add(draw)
        session.flush()
        for pick in result.picks:
            session.add(PickRow(draw_id=draw.id, phase=group.phase,
                                state_under_review=pick.state_under_review,
                                reviewer=pick.chosen, slot=pick.slot, pool=list(pick.pool)))
        reviewers = result.reviewers()
        record(session, new_event("LotsDrawn", {
            "draw_id": draw.id, "group_id": group.id, "group_number": group.number,
            "starts_on": group.starts_on, "phase": group.phase, "cluster": group.cluster,
            "reviews": [{"state_under_review": code, "reviewing_states": reviewers[code]}
                        for code in sorted(reviewers)],
        }, now))
        session.flush()
        session.refresh(draw)
    return draw
