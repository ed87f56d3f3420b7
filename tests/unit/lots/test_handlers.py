"""The lots handlers on the in-memory unit of work: what they write, what they announce,
and that a refusal leaves nothing behind (the same handlers run on the real databases in
tests/integration/test_lots_*.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from services.lots.adapters.orm import ReviewGroupRow
from services.lots.adapters.states_csv import parse_states_csv
from services.lots.domain.commands import (
    CommitDraw,
    CreateReviewGroup,
    DivideIntoGroups,
    DrawLots,
    RepeatDraw,
)
from services.lots.handlers.draws import commit_draw, draw_lots
from services.lots.handlers.groups import create_review_group, divide_into_groups
from services.lots.handlers.parties import register_state_parties
from services.lots.handlers.repetitions import repeat_draw
from shared.clock import FixedClock
from shared.config import REPO_ROOT
from shared.web.errors import Conflict, RuleViolated, Unprocessable
from tests.unit.lots.fakes import FakeContext

NOW = dt.datetime(2020, 11, 2, 9, tzinfo=dt.UTC)
STATES = parse_states_csv((REPO_ROOT / "deploy" / "data" / "states_parties.csv")
                          .read_text(encoding="utf-8"))


@pytest.fixture
def ctx():
    context = FakeContext(clock=FixedClock(NOW))
    register_state_parties(context, STATES)
    return context


def types(ctx) -> list[str]:
    return [e.type for e in ctx.uow.committed]


def group_of(ctx, n: int = 24, number: int = 1) -> ReviewGroupRow:
    codes = tuple(s.code for s in STATES[:n])
    return create_review_group(ctx, CreateReviewGroup(number, dt.date(2020, 12, 1), codes))


def test_a_party_is_announced_once_when_registered_and_again_only_when_changed(ctx):
    renamed = dataclasses.replace(STATES[0], name="Renamed")
    counts = register_state_parties(ctx, [renamed, *STATES[1:]])
    assert counts == {"registered": 0, "updated": 1, "unchanged": len(STATES) - 1}
    assert types(ctx) == ["StatePartyRegistered"] * len(STATES) + ["StatePartyUpdated"]


def test_a_group_is_refused_and_nothing_written_when_its_number_is_taken(ctx):
    group_of(ctx)
    with pytest.raises(Conflict):
        group_of(ctx, n=3)
    assert len(ctx.uow.rows[ReviewGroupRow]) == 1


def test_a_group_is_refused_when_a_state_under_review_is_not_registered(ctx):
    with pytest.raises(Unprocessable) as refused:
        create_review_group(ctx, CreateReviewGroup(1, dt.date(2020, 12, 1), ("AFG", "XYZ")))
    assert refused.value.field == "states_under_review"
    assert not ctx.uow.rows[ReviewGroupRow]


def test_groups_divided_by_lot_are_numbered_after_the_last_when_one_exists(ctx):
    group_of(ctx, n=3)
    rows = divide_into_groups(ctx, DivideIntoGroups(
        starts_on=(dt.date(2021, 1, 1), dt.date(2022, 1, 1)), groups=2, seed="ab"))
    assert [g.number for g in rows] == [2, 3]
    party_then = [s for s in STATES if s.as_of(dt.date(2021, 1, 1))]  # Bhutan joined in 2023
    assert sum(len(g.states_under_review) for g in rows) == len(party_then) < len(STATES)


def test_lots_drawn_names_every_state_under_review_when_a_group_is_drawn(ctx):
    group = group_of(ctx)
    draw = draw_lots(ctx, DrawLots(group_id=group.id, seed="c0ffee00"))
    drawn = ctx.uow.committed[-1]
    assert types(ctx)[-2:] == ["DrawCommitted", "LotsDrawn"]
    assert {r["state_under_review"] for r in drawn.payload["reviews"]} == set(
        group.states_under_review)
    assert draw.commitment == group.commitment.commitment


def test_a_group_is_not_drawn_twice_when_its_lots_were_drawn(ctx):
    group = group_of(ctx)
    draw_lots(ctx, DrawLots(group_id=group.id))
    with pytest.raises(Conflict):
        draw_lots(ctx, DrawLots(group_id=group.id))
    with pytest.raises(Conflict):
        commit_draw(ctx, CommitDraw(group.id))


def test_a_repetition_replaces_the_reviewer_when_the_state_under_review_asks(ctx):
    group = group_of(ctx)
    draw = draw_lots(ctx, DrawLots(group_id=group.id, seed="c0ffee00"))
    pick = draw.picks[0]
    row = repeat_draw(ctx, RepeatDraw(draw.id, pick.state_under_review, pick.reviewer,
                                      requested_by=pick.state_under_review))
    repeated = ctx.uow.committed[-1]
    assert repeated.type == "DrawRepeated"
    assert row.replacement != pick.reviewer
    assert pick.reviewer not in repeated.payload["reviewing_states"]


def test_a_repetition_beyond_the_limit_is_refused_when_not_exceptional(ctx):
    ctx.settings = dataclasses.replace(ctx.settings, max_repetitions=0)
    group = group_of(ctx)
    draw = draw_lots(ctx, DrawLots(group_id=group.id, seed="c0ffee00"))
    pick = draw.picks[0]
    with pytest.raises(RuleViolated):
        repeat_draw(ctx, RepeatDraw(draw.id, pick.state_under_review, pick.reviewer,
                                    requested_by=pick.state_under_review))
    assert not draw.repetitions and types(ctx)[-1] == "LotsDrawn"
