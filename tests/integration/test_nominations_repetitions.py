"""A repetition of the drawing of lots (DrawRepeated) against a real database: the State
brought in takes part from the day of the repetition, the State replaced stops, and its
nominations for that review end with it; in whichever order the two services' events come."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from services.nominations.adapters.orm import ParticipationRow
from services.nominations.handlers.sweeps import sweep_missing
from tests.integration import test_nominations_world as shared_fixtures
from tests.integration.test_nominations_world import (
    START,
    STATES,
    deliver,
    outbox_events,
    party,
    person,
    repeated,
    scheduled,
)

clock, nominations, settings = (shared_fixtures.clock, shared_fixtures.nominations,
                                shared_fixtures.settings)
ON = dt.date(2021, 1, 10)


def participations(app) -> dict:
    with app.extensions["revmod"].session_factory() as session:
        rows = session.scalars(select(ParticipationRow).order_by(ParticipationRow.id))
        return {(r.review_id, r.state_code): (r.capacity, r.starts_on, r.ended_on, r.replaced_by)
                for r in rows}


@pytest.fixture
def reviews(nominations, clock):
    """Review 1 of KEN (GHA, FRA), review 2 of BRA (KEN, FRA); FRA nominated in both."""
    deliver(nominations, *map(party, STATES), scheduled(1, "KEN", ["GHA", "FRA"]),
            scheduled(2, "BRA", ["KEN", "FRA"]))
    client = nominations.test_client()
    for body in (person("FRA"), person("FRA", "expert"), person("FRA", "observer",
                                                                  review_id=1)):
        assert client.post("/nominations", json=body).status_code == 201
    clock.set(dt.datetime(2021, 1, 15, 9, tzinfo=dt.UTC))
    return nominations


def test_replacement_takes_part_from_the_repetition_when_the_draw_is_repeated(reviews):
    event = repeated("KEN", "FRA", "ITA", ["GHA", "ITA"], ON)
    deliver(reviews, event, event)  # the second copy is the inbox's to drop
    parts = participations(reviews)
    assert parts[(1, "FRA")] == ("reviewing", START, ON, "ITA")
    assert parts[(1, "ITA")] == ("reviewing", ON, None, None)
    assert parts[(2, "FRA")] == ("reviewing", START, None, None)  # other reviews undisturbed
    ended = outbox_events(reviews, "NominationWithdrawn")
    assert sorted((e.payload["role"], e.payload["review_id"]) for e in ended) == [
        ("expert", 1), ("focal_point", 1), ("observer", 1)]
    assert {e.payload["withdrawn_on"] for e in ended} == {ON}
    assert all("replaced FRA by ITA" in e.payload["reason"] for e in ended)
    assert {e.causation_id for e in ended} == {str(event.id)}
    assert {e.correlation_id for e in ended} == {event.correlation_id}
    client = reviews.test_client()
    still = client.get("/nominations?state_code=FRA&status=nominated").json
    assert {n["review_id"] for n in still} == {2}
    refused = client.post("/nominations", json={**person("FRA", "expert", review_id=1),
                                                 "email": "late@fra.example.org"})
    assert refused.status_code == 422 and "review_id" in refused.json["errors"]
    assert "ITA replaced it on 2021-01-10" in refused.json["detail"]


def test_due_dates_of_the_replacement_count_from_the_repetition_when_it_came_late(reviews):
    deliver(reviews, repeated("KEN", "FRA", "ITA", ["GHA", "ITA"], ON))
    ctx = reviews.extensions["revmod"]
    missing = reviews.test_client().get("/missing?as_of=2021-01-25&page_size=100").json
    mine = [(m["state_code"], m["role"], m["due_on"], m["days_overdue"], m["capacity"])
            for m in missing if m["state_code"] in ("FRA", "ITA")]
    assert mine == [("ITA", "focal_point", "2021-01-24", 1, "reviewing")]
    # KEN and GHA in review 1, BRA and KEN in review 2: a focal point and experts each
    assert sweep_missing(ctx, dt.date(2021, 1, 24)) == 8
    published = outbox_events(reviews, "NominationMissing")
    assert not [e for e in published if e.payload["state_code"] in ("FRA", "ITA")]
    assert sweep_missing(ctx, dt.date(2021, 1, 25)) >= 1
    italy = [e.payload for e in outbox_events(reviews, "NominationMissing")
             if e.payload["state_code"] == "ITA"]
    assert [(p["role"], p["reminder"], p["due_on"]) for p in italy] == [
        ("focal_point", 1, dt.date(2021, 1, 24))]
    taken = reviews.test_client().post("/nominations", json=person("ITA"))
    assert [n["review_id"] for n in taken.json] == [1]


@pytest.mark.parametrize("listed", [["GHA", "FRA"], ["GHA", "ITA"]],
                         ids=["review-lists-the-replaced", "review-lists-the-replacement"])
def test_repetition_heard_before_its_review_applies_when_the_review_arrives(
        nominations, listed):
    before_start = dt.date(2020, 11, 25)
    deliver(nominations, *map(party, STATES),
            repeated("KEN", "FRA", "ITA", ["GHA", "ITA"], before_start),
            scheduled(1, "KEN", listed))
    parts = participations(nominations)
    # due dates never count from before the review starts
    assert parts[(1, "ITA")] == ("reviewing", START, None, None)
    assert parts.get((1, "FRA"), ("reviewing", START, before_start, "ITA")) == (
        "reviewing", START, before_start, "ITA")
    assert outbox_events(nominations) == []
    deliver(nominations, scheduled(1, "KEN", listed))  # a copy changes nothing
    assert participations(nominations) == parts
