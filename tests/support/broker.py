"""A RabbitMQ vhost of its own for each test (removed afterwards), and a probe that
publishes and reads events on it with raw pika."""

from __future__ import annotations

import functools
import json
import os
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pika
import pytest
import requests

from shared.bus import topology
from shared.events import Envelope, encode

AMQP_HOST = os.environ.get("REVMOD_TEST_AMQP_HOST", "127.0.0.1")
RABBIT_START = "rabbitmq-server -detached"
MANAGEMENT_URL = os.environ.get("REVMOD_TEST_RABBIT_API", f"http://{AMQP_HOST}:15672/api")
GUEST = ("guest", "guest")


def rabbitmqctl(*args: str) -> str:
    try:
        done = subprocess.run(["rabbitmqctl", "-q", *args], capture_output=True, text=True,
                              timeout=60)
    except FileNotFoundError:
        pytest.fail("rabbitmqctl is not installed; the tests need a local RabbitMQ",
                    pytrace=False)
    if done.returncode != 0:
        pytest.fail(
            f"rabbitmqctl {' '.join(args)} failed: {done.stderr.strip() or done.stdout.strip()}\n"
            f"Is RabbitMQ running? Start it with: {RABBIT_START}",
            pytrace=False,
        )
    return done.stdout


@functools.cache
def management_api() -> str | None:
    """The broker's HTTP management API, if its plugin is on (`.ci/run` turns it on): a
    vhost made over HTTP takes milliseconds, where each rabbitmqctl call starts an Erlang VM
    (most of a second of CPU, three times for every test that uses the broker)."""
    try:
        requests.get(f"{MANAGEMENT_URL}/overview", auth=GUEST, timeout=2).raise_for_status()
    except requests.RequestException:
        return None
    return MANAGEMENT_URL


@contextmanager
def private_vhost() -> Iterator[str]:
    vhost = f"revmod-test-{uuid.uuid4().hex[:10]}"
    api = management_api()
    if api:
        requests.put(f"{api}/vhosts/{vhost}", auth=GUEST, timeout=30).raise_for_status()
        requests.put(f"{api}/permissions/{vhost}/guest", auth=GUEST, timeout=30, json={
            "configure": ".*", "write": ".*", "read": ".*"}).raise_for_status()
    else:
        rabbitmqctl("add_vhost", vhost)
        rabbitmqctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*")
    try:
        yield f"amqp://guest:guest@{AMQP_HOST}:5672/{vhost}"
    finally:
        if api:
            requests.delete(f"{api}/vhosts/{vhost}", auth=GUEST, timeout=60).raise_for_status()
        else:
            rabbitmqctl("delete_vhost", vhost)


class BusProbe:
    """Publishes events as a producer would, and listens to chosen routing keys."""

    def __init__(self, amqp_url: str, keys: tuple[str, ...] = ("#",), max_deliveries: int = 5):
        try:
            self.connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
        except pika.exceptions.AMQPConnectionError as exc:
            pytest.fail(f"RabbitMQ unreachable at {amqp_url} ({exc!r}); start it with: "
                        f"{RABBIT_START}", pytrace=False)
        self.channel = self.connection.channel()
        self.channel.confirm_delivery()
        topology.declare(self.channel, max_deliveries)
        self.queue = self.channel.queue_declare("", exclusive=True).method.queue
        for key in keys:
            self.channel.queue_bind(self.queue, topology.EXCHANGE, routing_key=key)

    def publish(self, event: Envelope, body: bytes | None = None) -> None:
        self.channel.basic_publish(
            topology.EXCHANGE, event.routing_key, body if body is not None else encode(event),
            pika.BasicProperties(message_id=str(event.id), delivery_mode=2),
        )

    def received(self, timeout: float = 10.0, until=None) -> list[dict]:
        """Every message on the probe's queue within `timeout`, or once `until(msgs)` holds."""
        messages: list[dict] = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            method, _props, body = self.channel.basic_get(self.queue, auto_ack=True)
            if method is None:
                if until is not None and until(messages):
                    return messages
                self.connection.process_data_events(time_limit=0.05)
                continue
            messages.append(json.loads(body))
        return messages

    def close(self) -> None:
        if self.connection.is_open:
            self.connection.close()
