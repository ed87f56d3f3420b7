"""Read-side queries of the lots service (the views stay free of sessions)."""

from __future__ import annotations

import datetime as dt
import functools
import json

from sqlalchemy import or_, select
from sqlalchemy.orm import defer, raiseload, selectinload

from services.lots.adapters import repository
from services.lots.adapters.orm import (
    DrawRow,
    MeetingRow,
    PickRow,
    RepetitionRow,
    ReviewGroupRow,
    StatePartyRow,
)
from services.lots.domain.record import FORMAT, verify
from shared.context import ServiceContext
from shared.web.errors import Conflict, NotFound
from shared.web.pagination import one_or_404, page_of


def list_states(ctx: ServiceContext, pagination, regional_group: str | None = None,
                as_of: dt.date | None = None) -> list:
    """The registered parties; with `as_of`, those party to the Convention by then, each
    with only the instruments it was party to then."""
    query = select(StatePartyRow).order_by(StatePartyRow.code)
    if regional_group:
        query = query.where(StatePartyRow.regional_group == regional_group)
    if as_of:
        query = query.where(or_(StatePartyRow.convention_on.is_(None),
                                StatePartyRow.convention_on <= as_of))
    with ctx.session_factory() as session:
        rows = page_of(session, query, pagination)
    return rows if as_of is None else [_as_it_stood(row, as_of) for row in rows]


def _as_it_stood(row: StatePartyRow, day: dt.date) -> dict:
    then = repository.as_party(row).as_of(day)
    return {**{c.key: getattr(row, c.key) for c in StatePartyRow.__table__.columns},
            "instruments": list(then.instruments) if then else []}


def get_state(ctx: ServiceContext, code: str) -> StatePartyRow:
    return one_or_404(ctx.session_factory, StatePartyRow, code,
                      f"{code} is not a registered State party", "code")


def list_meetings(ctx: ServiceContext, pagination) -> list:
    with ctx.session_factory() as session:
        return page_of(session, select(MeetingRow).order_by(MeetingRow.held_on, MeetingRow.name),
                       pagination)


#: a group as the API shows it names its draw, and needs none of the draw's picks
_GROUP_ONLY = (selectinload(ReviewGroupRow.draw).options(raiseload(DrawRow.picks),
                                                        raiseload(DrawRow.repetitions)),)
#: a draw's inputs and pools are most of its weight, and only its record and GET
#: /draws/{id} show them
_WITHOUT_INPUTS_OR_POOLS = (defer(DrawRow.inputs, raiseload=True),
             selectinload(DrawRow.picks).options(defer(PickRow.pool, raiseload=True)),
             selectinload(DrawRow.repetitions).options(
                 defer(RepetitionRow.pool, raiseload=True),
                 defer(RepetitionRow.outside_pairs, raiseload=True)))


def list_groups(ctx: ServiceContext, pagination) -> list:
    with ctx.session_factory() as session:
        return page_of(session, select(ReviewGroupRow).order_by(ReviewGroupRow.number)
                       .options(*_GROUP_ONLY), pagination)


def get_group(ctx: ServiceContext, group_id: int) -> ReviewGroupRow:
    return one_or_404(ctx.session_factory, ReviewGroupRow, group_id,
                      f"review group {group_id} does not exist", "group_id", _GROUP_ONLY)


def get_draw(ctx: ServiceContext, draw_id: int, *, whole: bool = True) -> DrawRow:
    """The draw; not `whole`, without its inputs and pools (they raise if read)."""
    return one_or_404(ctx.session_factory, DrawRow, draw_id,
                      f"draw {draw_id} does not exist", "draw_id",
                      () if whole else _WITHOUT_INPUTS_OR_POOLS)


def get_commitment(ctx: ServiceContext, group_id: int) -> dict:
    """A group's commitment; its seed only once the lots are drawn (then it is public)."""
    group = get_group(ctx, group_id)
    if group.commitment is None:
        raise NotFound(f"the draw of group {group.number} has no commitment yet",
                       field="group_id")
    row = group.commitment
    return {"group_id": group.id, "commitment": row.commitment,
            "committed_at": row.committed_at, "seed": row.seed if group.draw else None}


def list_repetitions(ctx: ServiceContext, draw_id: int) -> list:
    with ctx.session_factory() as session:
        if session.scalar(select(DrawRow.id).where(DrawRow.id == draw_id)) is None:
            raise NotFound(f"draw {draw_id} does not exist", field="draw_id")
        return list(session.scalars(select(RepetitionRow).where(
            RepetitionRow.draw_id == draw_id).order_by(RepetitionRow.number)))


def draw_record(ctx: ServiceContext, draw_id: int) -> dict:
    """The document anyone can verify a draw with (domain/record.py)."""
    draw = get_draw(ctx, draw_id)
    if draw.recorded:
        raise Conflict(f"draw {draw_id} was drawn at meeting {draw.meeting} and recorded "
                       "here: there is no seed to replay", field="draw_id")
    if draw.inputs is None:
        raise Conflict(f"draw {draw_id} was made before draws recorded their inputs; it "
                       "cannot be exported for verification", field="draw_id")
    group = draw.group
    repetitions = repository.repetition_dicts(draw)
    for rep in repetitions:
        rep["requested_at"] = rep["requested_at"].isoformat()
        rep["repeated_on"] = rep["repeated_on"].isoformat()
    return {
        "format": FORMAT, "draw_id": draw.id,
        "group": {"id": group.id, "number": group.number, "phase": group.phase,
                  "cluster": group.cluster, "starts_on": group.starts_on.isoformat()},
        "commitment": draw.commitment, "seed": draw.seed,
        "committed_at": group.commitment.committed_at.isoformat(),
        "drawn_at": draw.drawn_at.isoformat(), "inputs": draw.inputs,
        "picks": repository.pick_dicts(draw), "repetitions": repetitions,
    }


def verification(ctx: ServiceContext, draw_id: int) -> dict:
    return _verified(json.dumps(draw_record(ctx, draw_id), sort_keys=True))


@functools.lru_cache(maxsize=64)
def _verified(record: str) -> dict:
    """The replay's verdict on a record (as canonical JSON). The replay is a pure function
    of the record and most of a draw page's cost, so the same record is replayed once per
    process; a record changed in any way is another key, and is replayed afresh."""
    return verify(json.loads(record))
