"""Each service speaks only for itself on the bus, against the real broker: connected as its
own user (made as `make run` and the broker's definitions make it), a service cannot publish
another's events, write into another's queue by any exchange, read another's queue, or
change the topology; and it can still do all its own work."""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import unquote, urlsplit

import pika
import pytest
from pika.exceptions import ChannelClosedByBroker

from harness.broker import MAX_DELIVERIES, private_vhost, service_urls, will_have_users
from harness.waiting import eventually, running
from services.reviews.app import create_app
from services.reviews.bootstrap import MIGRATIONS as REVIEWS_MIGRATIONS
from services.reviews.settings import Settings
from services.reviews.worker import build_parts
from shared.bus import topology
from shared.bus.broker_setup import set_up_kept, vhost_of
from shared.bus.topology import MissingTopology
from shared.db.migrate import upgrade
from shared.events import encode, new_event
from tests.support.broker import BusProbe

NOW = dt.datetime(2021, 1, 1, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def urls():
    """One vhost with the four users for the refusals (each refused operation changes
    nothing, so the tests can share it)."""
    with private_vhost() as amqp_url:
        yield service_urls(amqp_url)


def refused(amqp_url: str, attempt) -> str:
    """What the broker says when `attempt(channel)` is refused; it closes the channel."""
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    try:
        channel = connection.channel()
        channel.confirm_delivery()
        with pytest.raises(ChannelClosedByBroker) as closed:
            attempt(channel)
        assert closed.value.reply_code == 403, closed.value
        return closed.value.reply_text
    finally:
        if connection.is_open:
            connection.close()


def publish_as(amqp_url: str, key: str, *bodies: bytes | str) -> None:
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    channel = connection.channel()
    channel.confirm_delivery()
    for body in bodies:
        channel.basic_publish(topology.EXCHANGE, key, body)
    connection.close()


def lots_drawn(state: str = "AUT"):
    return new_event("LotsDrawn", {
        "draw_id": 1, "group_id": 1, "group_number": 1, "starts_on": dt.date(2020, 12, 1),
        "phase": 1, "cluster": 1,
        "reviews": [{"state_under_review": state, "reviewing_states": ["DEU", "BRA"]}]}, NOW)


@pytest.mark.parametrize("service, other", [("lots", "nominations"), ("reviews", "lots"),
                                            ("nominations", "reviews"),
                                            ("notifications", "lots")])
def test_publishing_another_services_event_is_refused_when_connected_as_a_service(
        urls, service, other):
    key = f"{other}.lots_drawn"
    text = refused(urls[service], lambda ch: ch.basic_publish(topology.EXCHANGE, key, b"{}"))
    assert "ACCESS_REFUSED" in text and key in text


@pytest.mark.parametrize("exchange, key", [
    ("", "notifications.events"),  # the default exchange routes by queue name
    (topology.OWN_EXCHANGE, topology.replay_key("notifications")),
    (topology.OWN_EXCHANGE, topology.dead_key("notifications")),
    (topology.DEAD_EXCHANGE, "notifications"),
])
def test_writing_into_another_services_queue_is_refused_when_connected_as_a_service(
        urls, exchange, key):
    text = refused(urls["reviews"], lambda ch: ch.basic_publish(exchange, key, b"{}"))
    assert "ACCESS_REFUSED" in text


@pytest.mark.parametrize("queue", ["notifications.events", "notifications.events.dead",
                                   "lots.events"])
def test_reading_another_services_queue_is_refused_when_connected_as_a_service(urls, queue):
    assert "ACCESS_REFUSED" in refused(urls["reviews"], lambda ch: ch.basic_consume(
        queue, lambda *args: None))
    assert "ACCESS_REFUSED" in refused(urls["reviews"], lambda ch: ch.basic_get(queue))


@pytest.mark.parametrize("attempt", [
    lambda ch: ch.queue_declare("reviews.events.extra", durable=True),
    lambda ch: ch.queue_delete("reviews.events"),
    lambda ch: ch.queue_purge("notifications.events"),
    lambda ch: ch.queue_bind("reviews.events", topology.EXCHANGE, routing_key="nominations.#"),
    lambda ch: ch.exchange_declare("revmod.other", exchange_type="topic"),
], ids=["declare", "delete", "purge-other", "bind", "declare-exchange"])
def test_changing_the_topology_is_refused_when_connected_as_a_service(urls, attempt):
    assert "ACCESS_REFUSED" in refused(urls["reviews"], attempt)


def test_a_service_does_all_its_own_work_when_connected_as_its_own_user(
        database_url, amqp_url):
    """lots publishes LotsDrawn; reviews consumes it from its queue and publishes its
    ReviewScheduled; a poison copy goes to reviews' dead letters, is kept, and is replayed
    to reviews' own queue (and is dead again); all as the services' own users."""
    urls = service_urls(amqp_url)
    settings = Settings(service="reviews", database_url=database_url, amqp_url=urls["reviews"])
    app = create_app(settings)
    upgrade(REVIEWS_MIGRATIONS, app.extensions["revmod"].engine)
    client, probe = app.test_client(), BusProbe(amqp_url, keys=("reviews.#",))
    good, poison = lots_drawn("AUT"), json.loads(encode(lots_drawn("BRA")))
    poison["version"] = 99  # a version reviews does not know: dead at once
    try:
        with running(build_parts(settings)):
            publish_as(urls["lots"], good.routing_key, encode(good), json.dumps(poison))
            scheduled = probe.received(timeout=30, until=lambda m: m)
            first = eventually(lambda: client.get("/dead-letters").json, timeout=30)[0]["id"]
            assert client.post(f"/dead-letters/{first}/replay").status_code == 202
            letters = eventually(lambda: len(client.get("/dead-letters").json) == 2 and
                                 {d["id"]: d for d in client.get("/dead-letters").json},
                                 timeout=30)
    finally:
        probe.close()
        app.extensions["revmod"].engine.dispose()
    assert [m["type"] for m in scheduled] == ["ReviewScheduled"]
    assert letters[first]["replayed_at"] is not None  # replayed to its queue, dead again


def test_a_worker_names_the_broker_set_up_when_what_it_reads_is_missing(amqp_url):
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    try:
        connection.channel().queue_delete(topology.dead_queue_name("reviews"))
        with pytest.raises(MissingTopology, match="reviews.events.dead.*broker set-up"):
            topology.check(connection.channel(), "reviews")
    finally:
        connection.close()


def test_make_runs_passwords_are_made_once_and_kept_in_var_when_set_up_again(
        amqp_url, tmp_path):
    will_have_users(amqp_url)
    prefix = vhost_of(amqp_url)
    first = set_up_kept(amqp_url, tmp_path, MAX_DELIVERIES, prefix)
    assert set_up_kept(amqp_url, tmp_path, MAX_DELIVERIES, prefix) == first
    for service, url in first.items():
        kept = tmp_path / f"{service}_amqp_password"
        assert kept.stat().st_mode & 0o077 == 0  # this user's only
        assert unquote(urlsplit(url).password) == kept.read_text().strip()
        pika.BlockingConnection(pika.URLParameters(url)).close()
