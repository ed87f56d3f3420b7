"""Opening pika connections with heartbeats, and waiting between attempts with back-off."""

from __future__ import annotations

import random
import threading

import pika


def connect(amqp_url: str, heartbeat: int, name: str) -> pika.BlockingConnection:
    params = pika.URLParameters(amqp_url)
    params.heartbeat = heartbeat
    params.blocked_connection_timeout = 60
    params.connection_attempts = 1
    params.socket_timeout = 5
    params.client_properties = {"connection_name": name}
    return pika.BlockingConnection(params)


class Backoff:
    """Exponential back-off with jitter, capped; reset after a success."""

    def __init__(self, initial: float = 0.2, cap: float = 5.0) -> None:
        self.initial = initial
        self.cap = cap
        self._next = initial

    def reset(self) -> None:
        self._next = self.initial

    def wait(self, stop: threading.Event) -> None:
        """Sleep the current delay (or until stopped), then lengthen it."""
        delay = self._next * (0.5 + random.random() / 2)
        self._next = min(self._next * 2, self.cap)
        stop.wait(delay)
