"""The idempotent consumer: a handler's writes and the event's inbox row commit together,
and the message is acknowledged only after that commit.

Handlers run on their own thread so that a slow one never blocks the connection's heartbeat;
they hand the ack back to the connection's thread through `add_callback_threadsafe`
(pika is not thread-safe). A handler that raises is retried by the broker until the queue's
delivery limit, then dead-lettered; a message no retry can fix is dead-lettered at once.
A database that does not answer is not the message's fault: the consumer keeps the message
unsettled (so it neither comes back nor counts towards the limit) and handles it again once
the database answers.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from pika.exceptions import AMQPError
from sqlalchemy import bindparam, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker

from shared.bus import topology
from shared.bus.connection import Backoff, connect
from shared.bus.tables import inbox
from shared.db import database_answers
from shared.events import Envelope, InvalidMessage, decode

log = logging.getLogger(__name__)

# the inbox statements, built once: every event of every service goes through them
_REDELIVERED = (update(inbox).where(inbox.c.event_id == bindparam("redelivered_id"))
                .values(redeliveries=inbox.c.redeliveries + 1))
#: the inbox row, written unless the event's is there already (then nothing comes back): one
#: statement instead of a look and a write, a round trip less for every event on PostgreSQL.
#: A copy being handled at this instant by another consumer is waited for, then found.
_FIRST_SEEN = {
    name: dialect.insert(inbox).on_conflict_do_nothing(index_elements=["event_id"])
    .returning(inbox.c.event_id)
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
}

Handler = Callable[[Session, Envelope], None]

ACK, RETRY, DEAD = "ack", "retry", "dead"


class Consumer:
    def __init__(
        self,
        service: str,
        amqp_url: str,
        session_factory: sessionmaker[Session],
        handlers: dict[str, Handler],
        *,
        max_deliveries: int,
        prefetch: int = 20,
        heartbeat: int = 30,
        pause_before_ack: float = 0.0,
    ) -> None:
        expected = set(topology.SUBSCRIPTIONS.get(service, ()))
        if set(handlers) != expected:
            raise ValueError(
                f"{service} handles {sorted(handlers)} but subscribes to {sorted(expected)}"
            )
        self.service = service
        self.amqp_url = amqp_url
        self.session_factory = session_factory
        self.handlers = handlers
        self.max_deliveries = max_deliveries
        self.prefetch = prefetch
        self.heartbeat = heartbeat
        self.pause_before_ack = pause_before_ack
        self.handled = 0
        self.duplicates = 0
        self.connections = 0  # how many times it (re)connected: a health figure and a test hook
        self.outage_waits = 0  # how many times a handler waited for the database to come back
        self._stopping = threading.Event()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"{service}-handler")
        self._first_seen = _FIRST_SEEN[session_factory.kw["bind"].dialect.name]

    def run(self, stop: threading.Event) -> None:
        self._stopping = stop
        backoff = Backoff()
        while not stop.is_set():
            connection = None
            try:
                connection = connect(self.amqp_url, self.heartbeat, f"{self.service}-consumer")
                self.connections += 1
                channel = connection.channel()
                topology.declare(channel, self.max_deliveries)
                channel.basic_qos(prefetch_count=self.prefetch)
                channel.basic_consume(
                    topology.queue_name(self.service),
                    functools.partial(self._on_message, connection),
                )
                log.info("consumer %s connected", self.service)
                backoff.reset()
                while not stop.is_set():
                    connection.process_data_events(time_limit=0.5)
            except AMQPError as exc:
                log.warning("consumer %s interrupted, will reconnect: %r", self.service, exc)
                backoff.wait(stop)
            finally:
                if connection is not None and connection.is_open:
                    try:
                        connection.close()
                    except AMQPError:
                        pass
        self._executor.shutdown(wait=True)

    def _on_message(self, connection, channel, method, properties, body: bytes) -> None:
        def work() -> None:
            outcome = self.handle(body)
            if self.pause_before_ack:
                time.sleep(self.pause_before_ack)  # the window a crash test aims at
            try:
                connection.add_callback_threadsafe(
                    functools.partial(_settle, channel, method.delivery_tag, outcome)
                )
            except AMQPError:
                log.warning("%s lost its connection before settling; the broker redelivers",
                            self.service)

        self._executor.submit(work)

    def handle(self, body: bytes) -> str:
        """Handle one message body and say how to settle it: ack, retry or dead-letter."""
        try:
            event = decode(body)
        except InvalidMessage as exc:
            log.error("%s dead-letters an invalid message: %s", self.service, exc)
            return DEAD
        handler = self.handlers.get(event.type)
        if handler is None:
            log.error("%s has no handler for %s %s", self.service, event.type, event.id)
            return DEAD
        backoff = Backoff()
        while True:
            try:
                return self._handle_once(handler, event)
            except Exception:
                engine = self.session_factory.kw["bind"]
                if self._stopping.is_set() or database_answers(engine):
                    log.exception("%s failed on %s %s correlation %s", self.service,
                                  event.type, event.id, event.correlation_id)
                    return RETRY
                self.outage_waits += 1
                log.warning("%s cannot reach its database; %s %s waits for it", self.service,
                            event.type, event.id)
                backoff.wait(self._stopping)

    def _handle_once(self, handler: Handler, event: Envelope) -> str:
        session = self.session_factory()
        try:
            event_id = str(event.id)
            first_seen = session.execute(self._first_seen, {
                "event_id": event_id, "event_type": event.type,
                "handled_at": dt.datetime.now(dt.UTC)}).first()
            if first_seen is None:
                session.execute(_REDELIVERED, {"redelivered_id": event_id})
                session.commit()
                self.duplicates += 1
                log.info("%s already handled %s %s", self.service, event.type, event.id)
                return ACK
            handler(session, event)
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()
        self.handled += 1
        log.info("%s handled %s %s correlation %s", self.service, event.type, event.id,
                 event.correlation_id)
        return ACK


def _settle(channel, delivery_tag: int, outcome: str) -> None:
    """Runs on the connection's thread. If the channel died meanwhile, the broker redelivers."""
    if not channel.is_open:
        return
    if outcome == ACK:
        channel.basic_ack(delivery_tag)
    elif outcome == RETRY:
        channel.basic_nack(delivery_tag, requeue=True)
    else:
        channel.basic_nack(delivery_tag, requeue=False)
