"""A probe that publishes and reads events on a test's own vhost with raw pika."""

from __future__ import annotations

import json
import re
import time

import pika
import pytest
import yaml

from harness.broker import RABBIT_START
from shared.bus import topology
from shared.config import REPO_ROOT
from shared.events import Envelope, encode


class BusProbe:
    """Publishes events as a producer would, and listens to chosen routing keys."""

    def __init__(self, amqp_url: str, keys: tuple[str, ...] = ("#",)):
        try:
            self.connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
        except pika.exceptions.AMQPConnectionError as exc:
            pytest.fail(f"RabbitMQ unreachable at {amqp_url} ({exc!r}); start it with: "
                        f"{RABBIT_START}", pytrace=False)
        self.channel = self.connection.channel()
        self.channel.confirm_delivery()
        self.queue = self.channel.queue_declare("", exclusive=True).method.queue
        for key in keys:
            self.channel.queue_bind(self.queue, topology.EXCHANGE, routing_key=key)

    def publish(self, event: Envelope, body: bytes | None = None) -> None:
        self.channel.basic_publish(
            topology.EXCHANGE, event.routing_key, body if body is not None else encode(event),
            pika.BasicProperties(message_id=str(event.id), delivery_mode=2),
        )

    def publish_dead(self, service: str, body: bytes, **properties) -> None:
        """Straight to the dead-letter exchange, as an administrator can (no service may)."""
        self.channel.basic_publish(topology.DEAD_EXCHANGE, service, body,
                                   pika.BasicProperties(**properties))

    def waiting(self, queue: str) -> int:
        """Messages ready on `queue`: once no consumer holds any, every unsettled one."""
        return self.channel.queue_declare(queue, passive=True).method.message_count

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


def deployed_max_message_size() -> int:
    """The broker's bound on a message body, from the file compose mounts into its conf.d."""
    compose = yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text())
    mounts = [v.split(":") for v in compose["services"]["rabbitmq"].get("volumes", [])]
    conf = [source for source, target, *_ in mounts if target.startswith("/etc/rabbitmq/conf.d/")]
    assert conf, "compose mounts no configuration into the broker's conf.d"
    text = (REPO_ROOT / conf[0]).read_text()
    return int(re.search(r"^max_message_size\s*=\s*(\d+)\s*$", text, re.M).group(1))
