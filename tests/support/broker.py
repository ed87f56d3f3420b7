"""A RabbitMQ vhost of its own for each test (removed afterwards), and a probe that
publishes and reads events on it with raw pika."""

from __future__ import annotations

import json
import os
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pika
import pytest

from shared.bus import topology
from shared.events import Envelope, encode

AMQP_HOST = os.environ.get("REVMOD_TEST_AMQP_HOST", "127.0.0.1")
RABBIT_START = "rabbitmq-server -detached"


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


@contextmanager
def private_vhost() -> Iterator[str]:
    vhost = f"revmod-test-{uuid.uuid4().hex[:10]}"
    rabbitmqctl("add_vhost", vhost)
    rabbitmqctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*")
    try:
        yield f"amqp://guest:guest@{AMQP_HOST}:5672/{vhost}"
    finally:
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
