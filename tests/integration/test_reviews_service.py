"""The reviews service against a real database (PostgreSQL and SQLite) and a real RabbitMQ."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from harness.waiting import eventually, running
from services.reviews.adapters.orm import ReviewRow, StageChangeRow
from services.reviews.app import create_app
from services.reviews.bootstrap import MIGRATIONS as REVIEWS_MIGRATIONS
from services.reviews.handlers.events import event_handlers
from services.reviews.settings import Settings
from services.reviews.worker import build_parts
from shared.bus.tables import outbox
from shared.clock import FixedClock
from shared.db.engine import transaction
from shared.db.migrate import upgrade
from shared.events import decode, encode, new_event

NOW = dt.datetime(2020, 11, 20, 9, 30, tzinfo=dt.UTC)
GROUP_1 = [("FRA", ["DEU", "KEN"]), ("KEN", ["NGA", "FRA"]), ("BRA", ["ARG", "JPN"])]
GROUP_2 = [("DEU", ["AUT", "BRA"]), ("NGA", ["GHA", "ITA"])]


def lots_drawn(reviews, draw_id=1, group_number=1):
    return new_event("LotsDrawn", {
        "draw_id": draw_id, "group_id": draw_id, "group_number": group_number,
        "starts_on": dt.date(2020, 12, 1), "phase": 1, "cluster": 1,
        "reviews": [{"state_under_review": s, "reviewing_states": r} for s, r in reviews],
    }, NOW)


@pytest.fixture
def reviews(database_url, amqp_url):
    settings = Settings(service="reviews", database_url=database_url, amqp_url=amqp_url)
    app = create_app(settings, FixedClock(NOW))
    ctx = app.extensions["revmod"]
    upgrade(REVIEWS_MIGRATIONS, ctx.engine)
    yield app
    ctx.engine.dispose()


def deliver(app, event):
    """Hand an event to the handler as the consumer would (decoded), without the broker."""
    ctx = app.extensions["revmod"]
    with ctx.uow() as uow:
        event_handlers(ctx)[event.type](uow, decode(encode(event)))


def scheduled(messages):
    return [m for m in messages if m["type"] == "ReviewScheduled"]


def count_reviews(app) -> int:
    with app.extensions["revmod"].session_factory() as session:
        return session.scalar(select(func.count()).select_from(ReviewRow))


def outbox_drained(app) -> bool:
    with app.extensions["revmod"].engine.connect() as conn:
        return conn.scalar(select(func.count()).where(outbox.c.sent_at.is_(None))) == 0


def run_until_handled(app, bus, *events):
    """Publish `events` while the worker runs; return what the bus saw once all is relayed."""
    parts = build_parts(app.extensions["revmod"].settings, FixedClock(NOW))
    consumer = parts["consumer"]
    with running(parts):
        for event in events:
            bus.publish(event)
        eventually(lambda: consumer.handled + consumer.duplicates == len(events))
        eventually(lambda: outbox_drained(app))
        return bus.received(timeout=5, until=lambda m: len(scheduled(m)) >= count_reviews(app))


def test_lots_drawn_schedules_reviews_and_publishes_review_scheduled_when_the_worker_runs(
    reviews, bus
):
    event = lots_drawn(GROUP_1)
    messages = run_until_handled(reviews, bus, event)
    published = scheduled(messages)
    assert sorted(m["payload"]["state_under_review"] for m in published) == ["BRA", "FRA", "KEN"]
    assert {m["correlation_id"] for m in published} == {event.correlation_id}
    assert {m["causation_id"] for m in published} == {str(event.id)}
    listed = reviews.test_client().get("/reviews").json
    assert {r["state_under_review"]: r["reviewing_states"] for r in listed} == dict(GROUP_1)
    fra = next(m["payload"] for m in published if m["payload"]["state_under_review"] == "FRA")
    assert fra == {"review_id": fra["review_id"], "draw_id": 1, "group_number": 1,
                   "state_under_review": "FRA", "reviewing_states": ["DEU", "KEN"],
                   "starts_on": "2020-12-01", "phase": 1, "cluster": 1,
                   "stage": "waiting_for_nominations", "drawn_on": None}


def test_same_lots_drawn_twice_schedules_each_review_once_when_redelivered(reviews, bus):
    event = lots_drawn(GROUP_1)
    messages = run_until_handled(reviews, bus, event, event)
    assert count_reviews(reviews) == 3
    assert len(scheduled(messages)) == 3


def test_draw_republished_under_a_new_event_id_schedules_nothing_more(reviews, bus):
    first, copy = lots_drawn(GROUP_1), lots_drawn(GROUP_1)
    assert first.id != copy.id
    messages = run_until_handled(reviews, bus, first, copy)
    assert count_reviews(reviews) == 3
    assert len(scheduled(messages)) == 3


def test_review_shows_its_stage_history_oldest_first(reviews):
    deliver(reviews, lots_drawn(GROUP_1, draw_id=4))
    client = reviews.test_client()
    fra = client.get("/reviews?state=FRA&group_number=1").json
    review = client.get(f"/reviews/{fra[0]['id']}").json
    assert review["stage"] == "waiting_for_nominations"
    assert review["created_at"] == review["updated_at"] == NOW.isoformat()
    assert review["stage_history"] == [{
        "from_stage": None, "to_stage": "waiting_for_nominations",
        "changed_on": NOW.date().isoformat(), "changed_at": NOW.isoformat(),
        "changed_by": "system", "actor_state": None, "reason": "lots drawn (draw 4)",
    }]
    later, earlier = NOW + dt.timedelta(days=2), NOW + dt.timedelta(days=1)
    with transaction(reviews.extensions["revmod"].session_factory) as session:
        for at in (later, earlier):  # written out of order on purpose, by the day
            session.add(StageChangeRow(review_id=review["id"], from_stage=None, to_stage="x",
                                       changed_at=at, changed_on=at.date(), changed_by="test",
                                       reason="order"))
    history = client.get(f"/reviews/{review['id']}").json["stage_history"]
    assert [h["changed_at"] for h in history] == [
        NOW.isoformat(), earlier.isoformat(), later.isoformat()]


def test_reviews_are_filtered_by_group_stage_and_state_taking_part(reviews):
    deliver(reviews, lots_drawn(GROUP_1, draw_id=1, group_number=1))
    deliver(reviews, lots_drawn(GROUP_2, draw_id=2, group_number=2))
    client = reviews.test_client()

    def states(query):
        answer = client.get(f"/reviews?{query}")
        assert answer.status_code == 200, answer.json
        return sorted(r["state_under_review"] for r in answer.json)

    assert states("group_number=2") == ["DEU", "NGA"]
    # FRA is under review in one review and reviews KEN in another; BRA reviews DEU
    assert states("state=FRA") == ["FRA", "KEN"]
    assert states("state=BRA") == ["BRA", "DEU"]
    assert states("state=BRA&group_number=1") == ["BRA"]
    assert states("stage=waiting_for_nominations") == ["BRA", "DEU", "FRA", "KEN", "NGA"]
    assert states("stage=completed") == []


def test_bad_filters_are_refused_with_problem_json_naming_the_field(reviews):
    client = reviews.test_client()
    for query, field in (("stage=started", "stage"), ("state=fr", "state"),
                         ("group_number=x", "group_number")):
        answer = client.get(f"/reviews?{query}")
        assert answer.status_code == 422
        assert answer.content_type == "application/problem+json"
        assert field in answer.json["errors"]


def test_unknown_review_is_a_404_naming_review_id(reviews):
    answer = reviews.test_client().get("/reviews/999")
    assert answer.status_code == 404
    assert answer.content_type == "application/problem+json"
    assert "review_id" in answer.json["errors"]


def test_review_list_is_paginated_when_a_page_size_is_given(reviews):
    deliver(reviews, lots_drawn(GROUP_1 + GROUP_2))
    answer = reviews.test_client().get("/reviews?page_size=2&page=2")
    assert answer.status_code == 200
    assert len(answer.json) == 2
    pagination = json.loads(answer.headers["X-Pagination"])
    assert pagination["total"] == 5 and pagination["page"] == 2
    assert pagination["total_pages"] == 3


def test_service_serves_its_openapi_docs_and_probes(reviews):
    client = reviews.test_client()
    spec = client.get("/openapi.json").json
    assert {"/reviews", "/reviews/{review_id}"} <= set(spec["paths"])
    assert spec["info"]["title"] == "REVMOD reviews"
    assert client.get("/docs").status_code == 200
    assert client.get("/healthz").json == {"status": "ok"}
    assert client.get("/readyz").status_code == 200
