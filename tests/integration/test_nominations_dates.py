"""Every fact on its own date, against the real databases: the days checked at the door
(422 naming the field), the figures and the missing nominations as of a past day, a review
that started no longer waiting, and a nomination for every review covering the reviews
heard of later (issue 18)."""

from __future__ import annotations

import datetime as dt

import pytest

from shared.events import new_event
from tests.integration import test_nominations_world as shared_fixtures
from tests.integration.test_nominations_world import (
    STATES,
    at,
    deliver,
    outbox_events,
    party,
    person,
    scheduled,
)

clock, nominations, settings = (shared_fixtures.clock, shared_fixtures.nominations,
                                shared_fixtures.settings)
DRAWN = dt.date(2020, 11, 2)


@pytest.fixture
def register(nominations, clock):
    clock.set(dt.datetime(2021, 1, 10, 9, tzinfo=dt.UTC))
    deliver(nominations, *map(party, STATES),
            scheduled(1, "KEN", ["GHA", "FRA"], drawn_on=DRAWN))
    return nominations


def nominate(client, state_code, on, **extra):
    answer = client.post("/nominations", json=person(state_code, nominated_on=on, **extra))
    assert answer.status_code == 201, answer.json
    return answer.json


def stage_changed(review_id, to_stage, on):
    return new_event("ReviewStageChanged", {
        "review_id": review_id, "group_number": 1, "state_under_review": "KEN",
        "reviewing_states": ["GHA", "FRA"], "from_stage": "waiting_for_nominations",
        "to_stage": to_stage, "changed_by": "system", "reason": None, "deadline": None},
        at(on))


def test_days_are_refused_naming_the_field_when_in_the_future_or_before_their_fact(register):
    client = register.test_client()
    early = client.post("/nominations", json=person("KEN", review_id=1,
                                                     nominated_on="2020-11-01"))
    future = client.post("/nominations", json=person("KEN", nominated_on="2021-01-11"))
    assert (early.status_code, list(early.json["errors"])) == (422, ["nominated_on"])
    assert early.content_type == future.content_type == "application/problem+json"
    assert (future.status_code, list(future.json["errors"])) == (422, ["nominated_on"])
    (made,) = nominate(client, "KEN", "2020-12-03", review_id=1)
    for day in ("2020-12-02", "2021-01-11"):
        refused = client.post(f"/nominations/{made['id']}/withdrawal", json={"withdrawn_on": day})
        assert (refused.status_code, list(refused.json["errors"])) == (422, ["withdrawn_on"])
    done = client.post(f"/nominations/{made['id']}/withdrawal", json={"withdrawn_on": "2020-12-20"})
    assert (done.json["withdrawn_on"], done.json["withdrawn_at"]) == (
        "2020-12-20", "2021-01-10T09:00:00+00:00")
    assert [e.payload["withdrawn_on"] for e in outbox_events(register, "NominationWithdrawn")] \
        == [dt.date(2020, 12, 20)]


def test_a_started_review_is_not_waiting_when_it_lost_a_focal_point_since(register):
    """Issue 18: counted as waiting for a reviewing State's focal point, it disagreed with
    the reviews service's report."""
    client = register.test_client()
    for code in ("KEN", "GHA"):
        nominate(client, code, "2020-12-02")
    (fra,) = nominate(client, "FRA", "2020-12-02")
    deliver(register, stage_changed(1, "preliminary_consultation", dt.date(2020, 12, 2)))
    client.post(f"/nominations/{fra['id']}/withdrawal", json={"withdrawn_on": "2020-12-20"})
    later = client.get("/figures?as_of=2020-12-21").json["groups"][0]
    assert later["reviews_missing_focal_point"] == {"under_review": 0, "reviewing": 0}
    assert later["states_missing_focal_point"] == {"under_review": 0, "reviewing": 1}
    before = client.get("/figures?as_of=2020-12-01").json["groups"][0]
    assert before["reviews_missing_focal_point"] == {"under_review": 1, "reviewing": 0}


def test_the_missing_list_as_of_a_past_day_reads_the_nominations_held_that_day(register):
    nominate(register.test_client(), "KEN", "2020-12-20", review_id=1)
    listed = register.test_client().get("/missing?as_of=2020-12-18&role=focal_point").json
    assert sorted(m["state_code"] for m in listed) == ["FRA", "GHA", "KEN"]


def test_a_nomination_for_every_review_covers_a_review_heard_of_later(register):
    """Issue 18: the review heard of a second after the nomination stayed without a focal
    point; now it gets one, announced so that the reviews service can start it."""
    nominate(register.test_client(), "GHA", "2020-12-02")
    later = scheduled(2, "BRA", ["GHA", "DEU"], drawn_on=DRAWN)
    deliver(register, later)
    announced = outbox_events(register, "FocalPointNominated")
    assert [(e.payload["review_id"], e.payload["state_code"]) for e in announced] == [
        (1, "GHA"), (2, "GHA")]
    assert announced[1].causation_id == str(later.id)
    assert announced[1].payload["nominated_on"] == dt.date(2020, 12, 2)


def test_a_person_is_withdrawn_from_every_review_in_one_request(register):
    deliver(register, scheduled(2, "BRA", ["GHA", "DEU"], drawn_on=DRAWN))
    client = register.test_client()
    made = nominate(client, "GHA", "2020-12-02")
    person_id = made[0]["person_id"]
    answer = client.post(f"/persons/{person_id}/withdrawal",
                         json={"withdrawn_on": "2020-12-30", "reason": "left the ministry"})
    assert answer.status_code == 200, answer.json
    assert [(n["review_id"], n["withdrawn_on"]) for n in answer.json] == [
        (1, "2020-12-30"), (2, "2020-12-30")]
    withdrawn = outbox_events(register, "NominationWithdrawn")
    assert sorted(e.payload["review_id"] for e in withdrawn) == [1, 2]
    assert len({e.correlation_id for e in withdrawn}) == 1
    shown = client.get(f"/persons/{person_id}").json["for_every_review"]
    assert shown == [{"role": "focal_point", "nominated_on": "2020-12-02",
                      "withdrawn_on": "2020-12-30"}]
    again = client.post(f"/persons/{person_id}/withdrawal", json={})
    assert (again.status_code, list(again.json["errors"])) == (409, ["person_id"])
    assert client.post("/persons/999/withdrawal", json={}).status_code == 404
