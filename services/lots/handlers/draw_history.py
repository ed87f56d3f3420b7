"""The lots service's part of a history bundle (docs/history-bundle.md): parties.csv (if
sent), meetings.csv, groups.csv, draws.csv and repetitions.csv, checked whole before
anything is written (draw_history_checks.py), then written in one transaction; every event
it causes is marked as history. What is already recorded as the files say is left alone
and tells no one, so a second import changes nothing and publishes nothing.

Imported draws are not held to the 70 per cent rule: the lots part comes before the
reviews' stages that complete the reviews, and those draws did take place."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping

from services.lots.adapters.draw_history_csv import FILES, read_draw_files
from services.lots.adapters.orm import DrawRow, MeetingRow, RepetitionRow, ReviewGroupRow
from services.lots.adapters.unit_of_work import LotsUnitOfWork
from services.lots.domain.commands import RecordDraw
from services.lots.domain.parties import StateParty
from services.lots.domain.rules import Rules
from services.lots.handlers.draw_checks import lots_drawn
from services.lots.handlers.draw_history_checks import (
    DrawPlan,
    GroupPlan,
    Plan,
    check_draw_history,
    file_parties,
    parties_for,
)
from services.lots.handlers.party_history import check_party_history, write_party_history
from services.lots.handlers.recorded_draws import reviews_payload, write_recorded
from services.lots.handlers.repetitions import repeated
from shared.bundle_csv import PartRefused
from shared.context import ServiceContext

log = logging.getLogger(__name__)
PARTIES = "parties.csv"


def import_lots_history(ctx: ServiceContext, files: Mapping[str, bytes]) -> dict:
    """Check the lots part whole; refuse it whole (422, every problem) or write it all."""
    today, now = ctx.clock.today(), ctx.clock.now()
    parties, problems = check_party_history(files[PARTIES], today) if PARTIES in files \
        else ([], [])
    lines, found = read_draw_files({n: files[n] for n in FILES if n in files}, today)
    if problems or found:
        raise PartRefused([*problems, *found])
    s = ctx.settings
    rules = Rules(s.max_reviews_per_reviewer, s.max_reviewing_states)
    with ctx.uow() as uow:
        known = file_parties(uow.parties(), parties)
        plan = check_draw_history(uow, lines, known, rules, s.max_repetitions)
        if plan.problems:
            raise PartRefused(plan.problems)
        counts = {"parties": write_party_history(uow, parties, now)} if parties else {}
        counts.update(_write(uow, ctx, plan, known, now))
    log.info("history of the draws imported: %s", counts)
    return counts


def _write(uow: LotsUnitOfWork, ctx: ServiceContext, plan: Plan,
           parties: Mapping[str, StateParty], now: dt.datetime) -> dict:
    uow.add(*(MeetingRow(name=line.data["meeting"], title=line.data["title"],
                         held_on=line.data["held_on"], recorded_at=now)
              for line in plan.meetings))
    uow.add(*(_new_group(group, now) for group in plan.groups.values()))
    groups = len(plan.groups)
    draws: dict[tuple[int, int], DrawRow] = {}
    for key, draw in sorted(plan.draws.items(), key=lambda item: (item[1].drawn_on, item[0])):
        group = uow.group_numbered(*key)
        if group is None:
            group = _new_group(draw.group, now)
            uow.add(group)
            uow.flush()
            groups += 1
        draws[key] = group.draw if not draw.new else _new_draw(uow, ctx, group, draw, parties,
                                                                now)
    for rep in plan.repetitions:
        _new_repetition(uow, draws[rep.key], rep, now)
    return {"meetings": len(plan.meetings), "groups": groups,
            "draws": sum(d.new for d in plan.draws.values()),
            "repetitions": len(plan.repetitions), "unchanged": dict(plan.unchanged)}


def _new_group(g: GroupPlan, now: dt.datetime) -> ReviewGroupRow:
    return ReviewGroupRow(number=g.number, phase=g.phase, cluster=g.cluster,
                          starts_on=g.starts_on, states_under_review=list(g.states_under_review),
                          created_at=now, reviewing_state_limits={})


def _new_draw(uow: LotsUnitOfWork, ctx: ServiceContext, group: ReviewGroupRow, draw: DrawPlan,
              parties: Mapping[str, StateParty], now: dt.datetime) -> DrawRow:
    cmd = RecordDraw(group.number, group.phase, draw.meeting, draw.drawn_on, draw.drawn)
    row = write_recorded(uow, ctx, group, cmd, parties_for(draw.group, parties),
                         uow.phase_pairs(group.phase))
    uow.record(lots_drawn(row, group, reviews_payload(cmd.reviews), now, history=True))
    uow.flush()
    uow.refresh(row)
    return row


def _new_repetition(uow: LotsUnitOfWork, draw: DrawRow, rep, now: dt.datetime) -> None:
    data = rep.line.data
    row = RepetitionRow(
        draw_id=draw.id, number=len(draw.repetitions) + 1, phase=draw.group.phase,
        state_under_review=data["state_under_review"], slot=rep.slot,
        replaced=data["replaced"], replacement=data["replacement"],
        requested_by=data["requested_by"], request_count=rep.request_count,
        reason=data["reason"], exceptional=data["exceptional"], requested_at=now,
        repeated_on=data["repeated_on"], meeting=data["meeting"], seed=None, pool=[],
        instruments=list(rep.instruments), outside_pairs=[])
    uow.add(row)
    uow.record(repeated(draw, row, now, history=True))
    uow.flush()
    uow.refresh(draw)
