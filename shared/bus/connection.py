"""Opening pika connections with heartbeats, keeping one open (reconnecting with back-off
when it breaks), and closing it without letting a broken one end the caller."""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable

import pika
from pika.exceptions import AMQPError

log = logging.getLogger(__name__)


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


#: what one connected session does over and over, until the worker stops or it raises
Step = Callable[[], None]


def keep_connected(stop: threading.Event, *, amqp_url: str, heartbeat: int, name: str,
                   set_up: Callable[[pika.BlockingConnection], Step],
                   retry_on: tuple[type[BaseException], ...] = (AMQPError,),
                   beat: Callable[[], None] = lambda: None) -> None:
    """Connect, `set_up` the channel (it returns the step to repeat), repeat the step until
    `stop`; on any of `retry_on` back off and connect again. The relay, the consumer and the
    dead-letter keeper share this loop, so each closes its connection the same guarded way
    whatever broke it: a failure while closing a broken connection never ends the part.
    `beat` tells the worker's watch the part is alive: before each attempt, after each step."""
    backoff = Backoff()
    while not stop.is_set():
        beat()
        connection = None
        try:
            connection = connect(amqp_url, heartbeat, name)
            step = set_up(connection)
            log.info("%s connected", name)
            backoff.reset()
            while not stop.is_set():
                step()
                beat()
        except retry_on as exc:
            log.warning("%s interrupted, will reconnect: %r", name, exc)
            backoff.wait(stop)
        finally:
            close_quietly(connection)


def close_quietly(connection: pika.BlockingConnection | None) -> None:
    if connection is not None and connection.is_open:
        try:
            connection.close()
        except AMQPError:
            pass
