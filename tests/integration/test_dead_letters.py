"""Dead letters reach the service's API, and the secretariat can send one back."""

from __future__ import annotations

import datetime as dt
import json

from harness.waiting import eventually, running
from services.reviews.app import create_app
from services.reviews.settings import Settings
from services.reviews.worker import build_parts
from shared.events import encode, new_event
from shared.migrate import upgrade


def test_poison_message_is_listed_and_replayed_when_the_secretariat_asks(
        database_url, amqp_url, bus):
    settings = Settings(service="reviews", database_url=database_url, amqp_url=amqp_url)
    app = create_app(settings)
    upgrade("reviews", app.extensions["revmod"].engine)
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
        letters = eventually(lambda: client.get("/dead-letters").json, timeout=30)
        assert letters[0]["event_id"] == str(event.id)
        assert letters[0]["event_type"] == "LotsDrawn"
        replay = client.post(f"/dead-letters/{letters[0]['id']}/replay")
        assert replay.status_code == 202
        assert client.post(f"/dead-letters/{letters[0]['id']}/replay").status_code == 409
        # still poison: it comes back as a second dead letter, and the first is marked
        again = eventually(lambda: len(client.get("/dead-letters").json) == 2 or None, 30)
    assert again
    listed = client.get("/dead-letters").json
    assert listed[1]["replayed_at"] is not None
    assert client.get("/reviews").json == []
    app.extensions["revmod"].engine.dispose()
