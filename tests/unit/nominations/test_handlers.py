"""The nominations handlers on the in-memory unit of work: what they write, what they
announce, and that a refusal leaves nothing behind (the same handlers run on the real
databases in tests/integration/test_nominations_*.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from services.nominations.adapters.orm import NominationRow, ParticipationRow, PersonRow
from services.nominations.domain.commands import (
    EXPERT,
    FOCAL_POINT,
    REVIEWING,
    UNDER_REVIEW,
    WITHDRAWN,
    Nominate,
    PersonDetails,
    ReplaceFocalPoint,
    SetMissionContact,
    WithdrawNomination,
    WithdrawPerson,
)
from services.nominations.handlers.changes import replace_focal_point, withdraw_nomination
from services.nominations.handlers.events import event_handlers
from services.nominations.handlers.missions import set_mission_contacts
from services.nominations.handlers.nominations import nominate
from services.nominations.handlers.sweeps import sweep_missing
from services.nominations.handlers.withdraw_person import withdraw_person
from shared.clock import FixedClock
from shared.events import decode, encode, new_event
from shared.web.errors import Conflict, Unprocessable
from tests.unit.nominations.fakes import FakeContext

NOW = dt.datetime(2020, 12, 10, 9, tzinfo=dt.UTC)
START = dt.date(2020, 12, 1)
ANNA = PersonDetails("Anna Berg", "Counsellor", "anna@example.org", "female")
BRUNO = PersonDetails("Bruno Dias", "Judge", "bruno@example.org", "male")


def hear(ctx, event_type: str, payload: dict, at: dt.datetime = NOW) -> None:
    """Deliver one event as the consumer does: read off the wire, its handler in one
    transaction."""
    event = decode(encode(new_event(event_type, payload, at)))
    with ctx.uow() as uow:
        event_handlers(ctx)[event_type](uow, event)


def scheduled(review_id: int = 1, under_review: str = "AUT",
              reviewing: tuple[str, ...] = ("DEU", "BRA")) -> dict:
    return {"review_id": review_id, "draw_id": 1, "group_number": 1,
            "state_under_review": under_review, "reviewing_states": list(reviewing),
            "starts_on": START, "phase": 1, "cluster": 1, "stage": "waiting_for_nominations"}


def repeated(under_review: str = "AUT", reviewing: tuple[str, ...] = ("FRA", "BRA")) -> dict:
    """DEU replaced by FRA, at the request of the State under review."""
    return {"draw_id": 1, "group_number": 1, "phase": 1, "state_under_review": under_review,
            "replaced": "DEU", "replacement": "FRA", "reviewing_states": list(reviewing),
            "requested_by": under_review, "reason": None, "exceptional": False,
            "repetition": 1}


@pytest.fixture
def ctx():
    context = FakeContext(clock=FixedClock(NOW))
    for code in ("AUT", "DEU", "BRA", "FRA"):
        hear(context, "StatePartyRegistered",
             {"code": code, "name": code, "regional_group": None, "legal_system": None,
              "instruments": ["convention"]})
    hear(context, "ReviewScheduled", scheduled())
    return context


def types(ctx) -> list[str]:
    return [e.type for e in ctx.uow.committed]


def taking_part(ctx, review_id: int = 1) -> dict[str, ParticipationRow]:
    return {r.state_code: r for r in ctx.uow.rows[ParticipationRow].values()
            if r.review_id == review_id}


def test_each_state_takes_part_once_when_the_review_is_heard_twice(ctx):
    hear(ctx, "ReviewScheduled", scheduled())
    assert {code: r.capacity for code, r in taking_part(ctx).items()} == {
        "AUT": UNDER_REVIEW, "DEU": REVIEWING, "BRA": REVIEWING}
    assert all(r.starts_on == START and r.ended_on is None for r in taking_part(ctx).values())


def test_a_focal_point_is_nominated_and_announced_when_the_state_takes_part(ctx):
    (row,) = nominate(ctx, Nominate("DEU", FOCAL_POINT, ANNA))
    assert (row.review_id, row.status, row.person.email) == (1, "nominated", ANNA.email)
    announced = ctx.uow.committed[-1]
    assert announced.type == "FocalPointNominated"
    assert announced.payload["nomination_id"] == row.id
    assert announced.payload["email"] == ANNA.email


def test_a_second_focal_point_is_refused_and_nothing_written_when_one_is_nominated(ctx):
    nominate(ctx, Nominate("DEU", FOCAL_POINT, ANNA))
    with pytest.raises(Conflict) as refused:
        nominate(ctx, Nominate("DEU", FOCAL_POINT, BRUNO, review_id=1))
    assert refused.value.field == "review_id"
    assert len(ctx.uow.rows[NominationRow]) == len(ctx.uow.rows[PersonRow]) == 1
    assert types(ctx) == ["FocalPointNominated"]


def test_a_nomination_is_refused_and_nothing_written_when_the_state_takes_no_part(ctx):
    with pytest.raises(Unprocessable) as refused:
        nominate(ctx, Nominate("FRA", EXPERT, ANNA))
    assert refused.value.field == "review_id"
    assert not ctx.uow.rows[NominationRow] and not ctx.uow.rows[PersonRow]


def test_the_focal_point_is_withdrawn_then_the_new_one_nominated_when_replaced(ctx):
    (old,) = nominate(ctx, Nominate("DEU", FOCAL_POINT, ANNA))
    new = replace_focal_point(ctx, ReplaceFocalPoint(old.id, BRUNO))
    assert (old.status, old.withdrawn_on, old.replaced_by) == (WITHDRAWN, NOW.date(), new.id)
    assert (new.status, new.person.email, new.review_id) == ("nominated", BRUNO.email, 1)
    withdrawn, nominated = ctx.uow.committed[-2:]
    assert (withdrawn.type, withdrawn.payload["replaced_by"]) == ("NominationWithdrawn", new.id)
    assert (nominated.type, nominated.payload["email"]) == ("FocalPointNominated", BRUNO.email)


def test_a_nomination_is_withdrawn_and_announced_when_asked(ctx):
    (row,) = nominate(ctx, Nominate("BRA", EXPERT, BRUNO))
    withdraw_nomination(ctx, WithdrawNomination(row.id, reason="left the service"))
    assert (row.status, row.withdrawn_on) == (WITHDRAWN, NOW.date())
    announced = ctx.uow.committed[-1]
    assert announced.type == "NominationWithdrawn"
    assert announced.payload["reason"] == "left the service"


def test_a_withdrawal_is_refused_when_the_nomination_was_withdrawn(ctx):
    (row,) = nominate(ctx, Nominate("BRA", EXPERT, BRUNO))
    withdraw_nomination(ctx, WithdrawNomination(row.id))
    with pytest.raises(Conflict):
        withdraw_nomination(ctx, WithdrawNomination(row.id))
    assert types(ctx) == ["ExpertNominated", "NominationWithdrawn"]


def test_the_replaced_state_leaves_and_its_nominations_end_when_the_draw_is_repeated(ctx):
    (row,) = nominate(ctx, Nominate("DEU", FOCAL_POINT, ANNA))
    hear(ctx, "DrawRepeated", repeated())
    states = taking_part(ctx)
    assert (states["DEU"].ended_on, states["DEU"].replaced_by) == (NOW.date(), "FRA")
    assert (states["FRA"].capacity, states["FRA"].starts_on) == (REVIEWING, NOW.date())
    assert row.status == WITHDRAWN
    assert ctx.uow.committed[-1].type == "NominationWithdrawn"


def test_a_repetition_is_applied_when_its_review_is_scheduled_after_it(ctx):
    hear(ctx, "DrawRepeated", repeated("BRA", ("FRA", "AUT")))
    assert not taking_part(ctx, 2)
    hear(ctx, "ReviewScheduled", scheduled(2, "BRA", ("DEU", "AUT")))
    states = taking_part(ctx, 2)
    assert states["DEU"].ended_on == NOW.date() and states["FRA"].ended_on is None


def test_each_missing_nomination_is_announced_once_when_the_sweep_runs_twice(ctx):
    nominate(ctx, Nominate("DEU", FOCAL_POINT, ANNA))
    as_of = dt.date(2021, 1, 5)  # focal points due 15 December, experts 29 December
    assert sweep_missing(ctx, as_of) == 5
    assert sweep_missing(ctx, as_of) == 0
    missing = [e.payload for e in ctx.uow.committed if e.type == "NominationMissing"]
    assert sorted((m["state_code"], m["role"]) for m in missing) == [
        ("AUT", EXPERT), ("AUT", FOCAL_POINT), ("BRA", EXPERT), ("BRA", FOCAL_POINT),
        ("DEU", EXPERT)]


def test_a_mission_contact_is_announced_only_when_it_changes(ctx):
    contact = SetMissionContact("DEU", ("mission@example.org",), "en")
    moved = SetMissionContact("DEU", ("new@example.org",), "en")
    assert set_mission_contacts(ctx, [contact])["created"] == 1
    assert set_mission_contacts(ctx, [contact])["unchanged"] == 1
    assert set_mission_contacts(ctx, [moved])["changed"] == 1
    assert types(ctx) == ["MissionContactChanged"] * 2


def test_a_nomination_for_every_review_covers_the_reviews_heard_of_later(ctx):
    """Issue 18: a focal point nominated "for every review" right after a draw covered only
    the reviews already heard of; the next one stayed without, and could never start."""
    nominate(ctx, Nominate("DEU", FOCAL_POINT, ANNA))
    hear(ctx, "ReviewScheduled", scheduled(2, "BRA", ("DEU", "AUT")))
    covered = [n for n in ctx.uow.rows[NominationRow].values() if n.review_id == 2]
    assert [(n.state_code, n.role, n.person.email) for n in covered] == [
        ("DEU", FOCAL_POINT, ANNA.email)]
    announced = ctx.uow.committed[-1]
    assert (announced.type, announced.payload["review_id"]) == ("FocalPointNominated", 2)
    assert announced.payload["nomination_id"] == covered[0].id


def test_a_state_drawn_in_by_a_repetition_brings_its_focal_point_for_every_review(ctx):
    hear(ctx, "ReviewScheduled", scheduled(2, "FRA", ("AUT", "BRA")))
    nominate(ctx, Nominate("FRA", FOCAL_POINT, BRUNO))
    hear(ctx, "DrawRepeated", repeated())
    (joined,) = [n for n in ctx.uow.rows[NominationRow].values()
                 if (n.state_code, n.review_id) == ("FRA", 1)]
    assert (joined.person.email, joined.nominated_on) == (BRUNO.email, NOW.date())
    assert ctx.uow.committed[-1].payload["review_id"] == 1


def test_a_review_keeps_the_focal_point_named_for_it_when_a_standing_one_would_cover_it(ctx):
    nominate(ctx, Nominate("DEU", FOCAL_POINT, ANNA))
    hear(ctx, "ReviewScheduled", scheduled(2, "BRA", ("DEU", "AUT")))
    hear(ctx, "ReviewScheduled", scheduled(2, "BRA", ("DEU", "AUT")))
    assert len([n for n in ctx.uow.rows[NominationRow].values() if n.review_id == 2]) == 1


def test_a_nomination_is_refused_when_dated_before_the_state_was_drawn_into_the_review(ctx):
    hear(ctx, "ReviewScheduled", {**scheduled(2, "BRA", ("DEU", "AUT")),
                                  "drawn_on": dt.date(2020, 11, 5)})
    with pytest.raises(Unprocessable) as refused:
        nominate(ctx, Nominate("BRA", EXPERT, BRUNO, review_id=2,
                               nominated_on=dt.date(2020, 11, 4)))
    assert refused.value.field == "nominated_on"
    assert not ctx.uow.rows[NominationRow]


def test_a_standing_nomination_holds_from_the_draw_in_a_review_drawn_after_it(ctx):
    nominate(ctx, Nominate("DEU", FOCAL_POINT, ANNA, nominated_on=dt.date(2020, 11, 2)))
    hear(ctx, "ReviewScheduled", {**scheduled(2, "BRA", ("DEU", "AUT")),
                                  "drawn_on": dt.date(2020, 12, 8)})
    (later,) = [n for n in ctx.uow.rows[NominationRow].values() if n.review_id == 2]
    assert later.nominated_on == dt.date(2020, 12, 8)


def test_a_withdrawal_keeps_its_day_and_the_time_it_was_recorded(ctx):
    (row,) = nominate(ctx, Nominate("BRA", EXPERT, BRUNO, nominated_on=dt.date(2020, 12, 2)))
    withdraw_nomination(ctx, WithdrawNomination(row.id, withdrawn_on=dt.date(2020, 12, 4)))
    assert (row.withdrawn_on, row.withdrawn_at) == (dt.date(2020, 12, 4), NOW)
    announced = ctx.uow.committed[-1]
    assert (announced.payload["withdrawn_on"], announced.occurred_at) == (
        "2020-12-04", NOW)


@pytest.mark.parametrize("day, field", [(dt.date(2020, 12, 11), "withdrawn_on"),
                                        (dt.date(2020, 12, 1), "withdrawn_on")])
def test_a_withdrawal_is_refused_when_in_the_future_or_before_the_nomination(ctx, day, field):
    (row,) = nominate(ctx, Nominate("BRA", EXPERT, BRUNO, nominated_on=dt.date(2020, 12, 2)))
    with pytest.raises(Unprocessable) as refused:
        withdraw_nomination(ctx, WithdrawNomination(row.id, withdrawn_on=day))
    assert refused.value.field == field
    assert row.withdrawn_on is None


def test_the_sweep_as_of_a_past_day_reads_the_nominations_held_that_day(ctx):
    """A focal point nominated on 20 December was still missing on the 18th, whatever the
    register says today."""
    ctx.clock.set(dt.datetime(2021, 1, 10, 9, tzinfo=dt.UTC))
    nominate(ctx, Nominate("DEU", FOCAL_POINT, ANNA, nominated_on=dt.date(2020, 12, 20)))
    sweep_missing(ctx, dt.date(2020, 12, 18))
    missing = {(e.payload["state_code"], e.payload["role"]) for e in ctx.uow.committed
               if e.type == "NominationMissing"}
    assert missing == {("AUT", FOCAL_POINT), ("BRA", FOCAL_POINT), ("DEU", FOCAL_POINT)}


def test_a_person_leaves_every_review_with_one_event_each_when_withdrawn_at_once(ctx):
    hear(ctx, "ReviewScheduled", scheduled(2, "BRA", ("DEU", "AUT")))
    rows = nominate(ctx, Nominate("DEU", FOCAL_POINT, ANNA))
    (kept,) = nominate(ctx, Nominate("DEU", EXPERT, BRUNO, review_id=1))
    ended = withdraw_person(ctx, WithdrawPerson(rows[0].person_id, reason="retired"))
    assert sorted(r.review_id for r in ended) == [1, 2]
    assert all((r.status, r.withdrawn_on) == (WITHDRAWN, NOW.date()) for r in rows)
    assert kept.status != WITHDRAWN
    assert types(ctx)[-2:] == ["NominationWithdrawn"] * 2
    hear(ctx, "ReviewScheduled", scheduled(3, "FRA", ("DEU", "BRA")))
    assert not [n for n in ctx.uow.rows[NominationRow].values() if n.review_id == 3]


def test_a_person_is_withdrawn_from_nothing_when_one_nomination_began_after_the_day(ctx):
    (first,) = nominate(ctx, Nominate("BRA", EXPERT, BRUNO, review_id=1,
                                      nominated_on=dt.date(2020, 12, 2)))
    hear(ctx, "ReviewScheduled", scheduled(2, "AUT", ("BRA", "DEU")))
    (second,) = nominate(ctx, Nominate("BRA", EXPERT, BRUNO, review_id=2,
                                       nominated_on=dt.date(2020, 12, 8)))
    with pytest.raises(Unprocessable) as refused:
        withdraw_person(ctx, WithdrawPerson(first.person_id,
                                            withdrawn_on=dt.date(2020, 12, 5)))
    assert refused.value.field == "withdrawn_on"
    assert first.status != WITHDRAWN and second.status != WITHDRAWN
    assert "NominationWithdrawn" not in types(ctx)
