"""Dead letters reach the service's API, the secretariat can send one back, and the keeper
stores whatever arrives without dying of it."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select

from harness.waiting import eventually, running
from services.reviews.app import create_app
from services.reviews.bootstrap import MIGRATIONS as REVIEWS_MIGRATIONS
from services.reviews.settings import Settings
from services.reviews.worker import build_parts
from shared.bus import dead_letters as keeping
from shared.bus import topology
from shared.bus.dead_letters import dead_letters
from shared.db.engine import make_engine
from shared.db.migrate import upgrade
from shared.events import encode, new_event


def letters_listed(client) -> list | None:
    """The dead letters once the service lists any: a 503 while the worker holds the SQLite
    file (seen once in CI, "database is locked") is a problem+json object, not a list."""
    answer = client.get("/dead-letters")
    return answer.json if answer.status_code == 200 and answer.json else None


def test_poison_message_is_listed_and_replayed_when_the_secretariat_asks(
        database_url, amqp_url, bus):
    settings = Settings(service="reviews", database_url=database_url, amqp_url=amqp_url)
    app = create_app(settings)
    upgrade(REVIEWS_MIGRATIONS, app.extensions["revmod"].engine)
    client = app.test_client()
    event = new_event("LotsDrawn", {
        "draw_id": 1, "group_id": 1, "group_number": 1, "starts_on": dt.date(2020, 12, 1),
        "phase": 1, "cluster": 1,
        "reviews": [{"state_under_review": "AUT", "reviewing_states": ["DEU", "BRA"]}]},
        dt.datetime.now(dt.UTC))
    poison = json.loads(encode(event))
    poison["version"] = 99  # a version this consumer does not know: dead-lettered at once
    with running(build_parts(settings)):
        bus.publish(event, body=json.dumps(poison).encode())
        letters = eventually(lambda: letters_listed(client), timeout=30)
        assert letters[0]["event_id"] == str(event.id)
        assert letters[0]["event_type"] == "LotsDrawn"
        replay = client.post(f"/dead-letters/{letters[0]['id']}/replay")
        assert replay.status_code == 202
        assert client.post(f"/dead-letters/{letters[0]['id']}/replay").status_code == 409
        # still poison: it comes back as a second dead letter, and the first is marked
        again = eventually(lambda: len(letters_listed(client) or ()) == 2 or None, 30)
    assert again
    listed = client.get("/dead-letters").json
    assert listed[1]["replayed_at"] is not None
    assert client.get("/reviews").json == []
    app.extensions["revmod"].engine.dispose()


HOSTILE = {
    "nested": (b"[" * 1000 + b"]" * 1000, {}),
    "not UTF-8, with a NUL": (b'{"id": "\xff\xfe\x00"}', {}),
    "an id 100 characters long": (json.dumps({"id": "a" * 100, "type": "T" * 90}).encode(),
                                  {"message_id": "m" * 200}),
    "huge": (b"x" * (3 * 1024 * 1024), {}),
    "a JSON list": (b"[1, 2]", {}),
    "a JSON string": (b'"LotsDrawn"', {}),
    "a JSON number": (b"3", {}),
    "a lone surrogate": (b'{"id": "\\ud800", "type": "\\u0000"}', {}),
    "forged headers": (b"{}", {"headers": {"x-delivery-count": 2 ** 40, "x-death": "none",
                                           "revmod-reason": "r" * 1000}}),
}


def keeper_and_engine(database_url: str, amqp_url: str):
    settings = Settings(service="reviews", database_url=database_url, amqp_url=amqp_url)
    engine = make_engine(database_url)
    upgrade(REVIEWS_MIGRATIONS, engine)
    return build_parts(settings)["dead-letters"], engine


def stored(engine) -> list:
    with engine.connect() as conn:
        return conn.execute(select(dead_letters).order_by(dead_letters.c.id)).all()


def test_every_dead_letter_is_stored_and_the_keeper_lives_when_they_are_hostile(
        database_url, amqp_url, bus):
    keeper, engine = keeper_and_engine(database_url, amqp_url)
    with running({"dead-letters": keeper}) as stop:
        for body, properties in HOSTILE.values():
            bus.publish_dead("reviews", body, **properties)
        rows = eventually(lambda: len(stored(engine)) == len(HOSTILE) and stored(engine), 30)
        assert not stop.is_set(), "the keeper's thread died and stopped the worker"
    by_kind = dict(zip(HOSTILE, rows, strict=True))
    assert by_kind["nested"].body == "[" * 1000 + "]" * 1000
    assert by_kind["not UTF-8, with a NUL"].body == '{"id": "\\xff\\xfe\\x00"}'
    assert by_kind["an id 100 characters long"].event_id == "a" * 64
    assert by_kind["an id 100 characters long"].event_type == "T" * 80
    assert len(by_kind["huge"].body) == 64 * 1024
    assert by_kind["huge"].reason.startswith(f"body cut to 65536 of {3 * 1024 * 1024} bytes")
    assert by_kind["a JSON string"].body == '"LotsDrawn"'
    assert by_kind["a lone surrogate"].event_id == "\\ud800"
    assert by_kind["forged headers"].deliveries is None
    assert by_kind["forged headers"].reason == "r" * 200
    assert bus.waiting(topology.dead_queue_name("reviews")) == 0
    engine.dispose()


def test_what_can_be_is_stored_when_the_database_refuses_a_dead_letters_row(
        postgres_url, amqp_url, bus, monkeypatch):
    """A row the database refuses for what it holds (here an id too long for its column, as
    the keeper once wrote) is stored again without it, instead of being taken forever."""
    monkeypatch.setattr(keeping, "describe", lambda body, properties: {
        "event_id": "a" * 100, "event_type": None, "body": "{}", "reason": None,
        "deliveries": None})
    keeper, engine = keeper_and_engine(postgres_url, amqp_url)
    with running({"dead-letters": keeper}) as stop:
        bus.publish_dead("reviews", b'{"id": "' + b"a" * 100 + b'"}')
        rows = eventually(lambda: stored(engine), 30)
        assert not stop.is_set()
    assert (rows[0].event_id, rows[0].reason) == (None, "could not be stored as it came "
                                                        "(110 bytes)")
    assert rows[0].body == '{"id": "' + "a" * 100 + '"}'
    engine.dispose()
