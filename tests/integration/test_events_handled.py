"""GET /events/handled: a write is told its correlation id, and each service says what it
recorded, published, handled and gave up on of that write's events; against PostgreSQL and
SQLite, with the real broker and the services' own workers."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from contextlib import ExitStack

import pytest

from harness.broker import private_vhost
from harness.databases import database
from harness.waiting import eventually, running
from services.lots import worker as lots_worker
from services.lots.adapters.states_csv import parse_states_csv
from services.lots.app import create_app as lots_app
from services.lots.bootstrap import MIGRATIONS as LOTS_MIGRATIONS
from services.lots.handlers.parties import register_state_parties
from services.lots.settings import Settings as LotsSettings
from services.reviews import worker as reviews_worker
from services.reviews.app import create_app as reviews_app
from services.reviews.bootstrap import MIGRATIONS as REVIEWS_MIGRATIONS
from services.reviews.settings import Settings as ReviewsSettings
from shared.db.migrate import upgrade
from shared.events import encode, new_event
from shared.web.correlation import HEADER
from tests.integration.test_lots_draws import STATES_CSV
from tests.support.broker import BusProbe
from tests.support.clients import bearer


@pytest.fixture(scope="module")
def amqp_url():
    """One vhost for the module: its tests share the services below."""
    with private_vhost() as url:
        yield url


@pytest.fixture(scope="module", params=["postgres", "sqlite"])
def services(request, tmp_path_factory, amqp_url):
    """The lots and reviews apps on their own databases, and the settings of their workers,
    shared by the module's tests (each uses its own group or correlation id)."""
    tmp_path = tmp_path_factory.mktemp("databases")
    with ExitStack() as stack:
        lots_settings = LotsSettings(service="lots", amqp_url=amqp_url, database_url=(
            stack.enter_context(database(request.param, tmp_path))))
        reviews_settings = ReviewsSettings(service="reviews", amqp_url=amqp_url, database_url=(
            stack.enter_context(database(request.param, tmp_path))))
        lots, reviews = lots_app(lots_settings), reviews_app(reviews_settings)
        upgrade(LOTS_MIGRATIONS, lots.extensions["revmod"].engine)
        upgrade(REVIEWS_MIGRATIONS, reviews.extensions["revmod"].engine)
        register_state_parties(lots.extensions["revmod"],
                               parse_states_csv(STATES_CSV.read_text(encoding="utf-8")))
        yield lots, reviews, lots_settings, reviews_settings
        for app in (lots, reviews):
            app.extensions["revmod"].engine.dispose()


def handled(app, correlation_id: str) -> dict:
    answer = app.test_client().get(f"/events/handled?correlation_id={correlation_id}")
    assert answer.status_code == 200, answer.json
    return answer.json


def test_a_draw_tells_its_correlation_and_each_service_what_it_did_with_its_events(services):
    lots, reviews, lots_settings, reviews_settings = services
    client = lots.test_client()
    codes = [s["code"] for s in client.get("/states?page_size=6").json]
    group = client.post("/groups", json={"number": 1, "starts_on": "2020-12-01",
                                         "states_under_review": codes})
    draw = client.post(f"/groups/{group.json['id']}/draw", json={})
    assert draw.status_code == 201, draw.json
    correlation_id = draw.headers[HEADER]
    assert str(uuid.UUID(correlation_id)) == correlation_id
    assert group.headers[HEADER] != correlation_id  # each write its own

    before = handled(lots, correlation_id)
    assert before["caused"]["LotsDrawn"] == {"recorded": 1, "published": 0, "refused": 0}
    assert before["published"] is False
    assert before["handled"] == {} and before["dead_lettered"] == []

    with running(lots_worker.build_parts(lots_settings)), \
            running(reviews_worker.build_parts(reviews_settings)):
        done = eventually(lambda: handled(reviews, correlation_id)["handled"], timeout=30)
    assert done == {"LotsDrawn": 1}
    assert handled(lots, correlation_id)["published"] is True
    # the reviews it scheduled are its own events of the same write, not yet published
    caused = handled(reviews, correlation_id)["caused"]
    assert caused["ReviewScheduled"]["recorded"] == 6


def test_a_correlation_id_the_caller_chose_is_kept_and_one_that_is_no_uuid_refused(services):
    lots = services[0]
    client = lots.test_client()
    codes = [s["code"] for s in client.get("/states?page_size=12").json][6:]
    chosen = str(uuid.uuid4())
    group = client.post("/groups", json={"number": 2, "starts_on": "2021-06-01",
                                         "states_under_review": codes})
    draw = client.post(f"/groups/{group.json['id']}/draw", json={}, headers={
        HEADER: chosen, **bearer("secretariat")})
    assert draw.headers[HEADER] == chosen
    assert handled(lots, chosen)["caused"]["LotsDrawn"]["recorded"] == 1

    refused = client.post("/groups", json={"number": 3, "starts_on": "2022-06-01",
                                           "states_under_review": codes},
                          headers={HEADER: "draw-1", **bearer("secretariat")})
    assert refused.status_code == 400
    assert refused.mimetype == "application/problem+json"
    assert HEADER in refused.json["errors"]
    assert 3 not in [g["number"] for g in client.get("/groups").json]


def test_the_question_needs_a_correlation_id_and_a_secretariat_or_service_token(services):
    lots = services[0]
    client = lots.test_client()
    missing = client.get("/events/handled")
    assert missing.status_code == 422 and "correlation_id" in json.dumps(missing.json)
    asked = f"/events/handled?correlation_id={uuid.uuid4()}"
    assert client.get(asked, headers=bearer("observer", "AUT")).status_code == 403
    assert client.get(asked, headers=bearer("service")).status_code == 200


def test_an_event_the_consumer_gave_up_on_is_named_as_dead_lettered(services, amqp_url):
    reviews, reviews_settings = services[1], services[3]
    bus = BusProbe(amqp_url)
    correlation_id = str(uuid.uuid4())
    event = new_event("LotsDrawn", {
        "draw_id": 1, "group_id": 1, "group_number": 1, "starts_on": dt.date(2020, 12, 1),
        "phase": 1, "cluster": 1,
        "reviews": [{"state_under_review": "AUT", "reviewing_states": ["DEU", "BRA"]}]},
        dt.datetime.now(dt.UTC), correlation_id=correlation_id)
    poison = json.loads(encode(event))
    poison["version"] = 99  # a version the consumer does not know: dead-lettered at once
    with running(reviews_worker.build_parts(reviews_settings)):
        bus.publish(event, body=json.dumps(poison).encode())
        dead = eventually(lambda: handled(reviews, correlation_id)["dead_lettered"], timeout=30)
    bus.close()
    assert [(d["event_id"], d["event_type"]) for d in dead] == [(str(event.id), "LotsDrawn")]
    assert "version" in dead[0]["reason"]
    assert handled(reviews, correlation_id)["handled"] == {}
