"""A broker that goes away delays events and never loses them (rabbitmqctl stop_app)."""

from __future__ import annotations

import json

import pika
import pytest
from sqlalchemy import select

from harness.broker import rabbitmqctl
from harness.waiting import eventually, running
from services.lots.adapters.states_csv import parse_states_csv
from services.lots.app import create_app
from services.lots.bootstrap import MIGRATIONS as LOTS_MIGRATIONS
from services.lots.handlers.parties import register_state_parties
from services.lots.settings import Settings
from services.lots.worker import build_parts
from shared.bus import topology
from shared.bus.tables import outbox
from shared.config import REPO_ROOT
from shared.db.migrate import upgrade

pytestmark = pytest.mark.serial  # stops the shared broker: runs alone, after the rest


def queued_lots_drawn(amqp_url: str) -> list[dict]:
    """LotsDrawn events waiting in the reviews service's queue (left there for the check)."""
    try:
        connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    except pika.exceptions.AMQPError:
        return []
    channel = connection.channel()
    found = []
    while True:
        method, _props, body = channel.basic_get(topology.queue_name("reviews"))
        if method is None:
            break
        found.append(json.loads(body))
    connection.close()
    return [m for m in found if m["type"] == "LotsDrawn"]


@pytest.fixture
def broker_restored():
    yield
    rabbitmqctl("start_app")
    rabbitmqctl("await_startup")


def test_change_is_accepted_and_its_event_delivered_when_the_broker_was_stopped(
        database_url, amqp_url, broker_restored):
    settings = Settings(service="lots", database_url=database_url, amqp_url=amqp_url,
                        relay_sweep_seconds=0.5)
    app = create_app(settings)
    ctx = app.extensions["revmod"]
    upgrade(LOTS_MIGRATIONS, ctx.engine)
    states = parse_states_csv((REPO_ROOT / "deploy/data/states_parties.csv").read_text())
    register_state_parties(ctx, states)
    client = app.test_client()
    codes = [s.code for s in states[:20]]

    with running(build_parts(settings)):
        # the relay is connected and has published the registrations: the topology exists
        eventually(lambda: _unsent(ctx.engine) == 0)
        rabbitmqctl("stop_app")
        group = client.post("/groups", json={"number": 1, "starts_on": "2021-11-01",
                                             "states_under_review": codes})
        draw = client.post(f"/groups/{group.json['id']}/draw", json={})
        assert draw.status_code == 201, "a state change needs no broker"
        # the draw committed to its seed and revealed it in one step: two events wait
        assert _unsent(ctx.engine) == 2, "the events wait in the outbox"
        rabbitmqctl("start_app")
        rabbitmqctl("await_startup")
        eventually(lambda: _unsent(ctx.engine) == 0, timeout=60)

    delivered = eventually(lambda: queued_lots_drawn(amqp_url), timeout=30)
    assert len(delivered) == 1
    assert delivered[0]["payload"]["draw_id"] == draw.json["id"]
    assert len(delivered[0]["payload"]["reviews"]) == 20
    ctx.engine.dispose()


def _unsent(engine) -> int:
    with engine.connect() as conn:
        return len(conn.execute(select(outbox.c.id).where(outbox.c.sent_at.is_(None))).all())
