"""The idempotent consumer: a handler's writes and the event's inbox row commit together,
and the message is acknowledged only after that commit.

Handlers run on their own thread so that a slow one never blocks the connection's heartbeat;
they hand the ack back to the connection's thread through `add_callback_threadsafe`
(pika is not thread-safe). A handler that raises is retried by the broker until the queue's
delivery limit, then dead-lettered; a message no retry can fix (too big, not an event, not
its contract's) is dead-lettered at once with the reason (shared/bus/settling.py). Every
message is settled one way or another, whatever it holds: a failure no branch foresaw retries
the messages it caught, and is logged.
A database that does not answer is not the message's fault: the consumer keeps the message
unsettled (so it neither comes back nor counts towards the limit) and handles it again once
the database answers.

Messages that arrive while the handler thread is busy are handled together when it is
free, in one transaction (MAX_BATCH at most), and acknowledged after its commit: under a
backlog the commit's flush to disk, and on PostgreSQL the round trips that open a
transaction, are paid once for several events. A batch that fails is undone and its events
handled one by one.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from pika.exceptions import AMQPError
from sqlalchemy import bindparam, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker

from shared.bus import topology
from shared.bus.connection import Backoff, keep_connected
from shared.bus.in_hand import InHand, take_batch
from shared.bus.settling import ACK, DEAD, RETRY, Delivery, Outcome, settle
from shared.bus.tables import inbox
from shared.db.engine import database_answers, transaction
from shared.events import Envelope, InvalidMessage, decode
from shared.liveness import UNWATCHED

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

#: the most events handled in one transaction when several are waiting: one commit (a
#: flush to disk), and on PostgreSQL one connection check and BEGIN, for them all. Small,
#: so that another writer of a SQLite file waits for a few events' work at most.
MAX_BATCH = 10


class Consumer:
    pulse = UNWATCHED  # run_parts gives each consumer its own

    def __init__(
        self,
        service: str,
        amqp_url: str,
        session_factory: sessionmaker[Session],
        handlers: dict[str, Handler],
        *,
        prefetch: int = 20,
        heartbeat: int = 30,
        pause_before_ack: float = 0.0,
        max_message_bytes: int = topology.MAX_MESSAGE_BYTES,
        in_hand: InHand | None = None,
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
        self.prefetch = prefetch
        self.heartbeat = heartbeat
        self.pause_before_ack = pause_before_ack
        self.max_message_bytes = max_message_bytes
        self.in_hand = in_hand or InHand()
        self.handled = 0
        self.duplicates = 0
        self.connections = 0  # how many times it (re)connected: a health figure and a test hook
        self.outage_waits = 0  # how many times a handler waited for the database to come back
        self._stopping = threading.Event()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"{service}-handler")
        #: messages delivered and not yet taken by the handler thread (appended on the
        #: connection's thread, taken on the handler's: deque's ends are thread-safe)
        self._arrived: deque[Delivery] = deque()
        self._first_seen = _FIRST_SEEN[session_factory.kw["bind"].dialect.name]

    def run(self, stop: threading.Event) -> None:
        self._stopping = stop
        try:
            # a wait on a live connection is a healthy one: each step beats
            keep_connected(stop, amqp_url=self.amqp_url, heartbeat=self.heartbeat,
                           name=f"{self.service}-consumer", set_up=self._consume,
                           beat=self.pulse.beat)
        finally:
            self._executor.shutdown(wait=True)

    def _consume(self, connection):
        self.connections += 1
        channel = connection.channel()
        channel.confirm_delivery()  # a dead letter's copy is acked once confirmed
        topology.check(channel, self.service)
        channel.basic_qos(prefetch_count=self.prefetch)
        channel.basic_consume(topology.queue_name(self.service),
                              functools.partial(self._on_message, connection))
        return functools.partial(connection.process_data_events, time_limit=0.5)

    def _on_message(self, connection, channel, method, properties, body: bytes) -> None:
        self._arrived.append(Delivery(connection, channel, method.delivery_tag, properties,
                                      body, method.redelivered))
        future = self._executor.submit(self._handle_arrived)
        future.add_done_callback(self._log_failure)

    def _log_failure(self, future) -> None:
        """Read the result of a run of the handler thread: what it raised is never lost."""
        if future.cancelled() or future.exception() is None:
            return
        log.error("%s handler thread failed", self.service, exc_info=future.exception())

    def _handle_arrived(self) -> None:
        """Runs on the handler thread once for each message that arrived, and takes all
        those waiting (up to MAX_BATCH); a run that finds none left has nothing to do."""
        batch: list[Delivery] = take_batch(self._arrived, MAX_BATCH)
        if not batch:
            return
        try:
            with self.pulse.working():
                outcomes = [self._redelivered_outcome(batch[0].body)] \
                    if batch[0].redelivered else self._outcomes([d.body for d in batch])
        except Exception:
            log.exception("%s failed on a batch of messages %s; they will be delivered again",
                          self.service, [d.properties.message_id for d in batch])
            outcomes = [Outcome(RETRY)] * len(batch)
        if self.pause_before_ack:
            time.sleep(self.pause_before_ack)  # the window a crash test aims at
        for delivery, outcome in zip(batch, outcomes, strict=True):
            try:
                delivery.connection.add_callback_threadsafe(
                    functools.partial(settle, self.service, delivery, outcome))
            except AMQPError:
                log.warning("%s lost its connection before settling %s; the broker "
                            "redelivers", self.service, delivery.properties.message_id)

    def _redelivered_outcome(self, body: bytes) -> Outcome:
        """A message the broker delivers again: handled alone, and noted while it is, so
        that one that killed a worker twice is dead-lettered (shared/bus/in_hand.py)."""
        if self.in_hand.killed_before(body):
            return Outcome(DEAD, "a worker died or stalled twice while it held this message "
                                 f"(sha256 {hashlib.sha256(body).hexdigest()})")
        with self.in_hand.holding(body):
            return self._outcomes([body])[0]

    def handle(self, body: bytes) -> str:
        """Handle one message body and say how to settle it: ack, retry or dead-letter."""
        return self.handle_all([body])[0]

    def handle_all(self, bodies: list[bytes]) -> list[str]:
        """Handle message bodies that arrived together, and say how to settle each."""
        return [outcome.action for outcome in self._outcomes(bodies)]

    def _outcomes(self, bodies: list[bytes]) -> list[Outcome]:
        """Handle message bodies that arrived together, in order, and say how to settle
        each. Their events are handled in one transaction: one commit for them all. If a
        handler fails there, that transaction is undone and each event is handled on its
        own, so one bad event neither holds the others back nor takes them with it."""
        outcomes: list[Outcome | None] = [None] * len(bodies)
        valid: list[tuple[int, Handler, Envelope]] = []
        for i, body in enumerate(bodies):
            found = self._handler_and_event(body)
            if isinstance(found, Outcome):
                outcomes[i] = found
            else:
                valid.append((i, *found))
        if len(valid) > 1:
            try:
                self._handle_together([(handler, event) for _, handler, event in valid])
            except Exception as exc:
                log.warning("%s handles %d events one by one: together they failed (%r)",
                            self.service, len(valid), exc)
            else:
                for i, _, _ in valid:
                    outcomes[i] = Outcome(ACK)
        for i, handler, event in valid:
            if outcomes[i] is None:
                outcomes[i] = Outcome(self._handle_alone(handler, event))
        return outcomes

    def _handler_and_event(self, body: bytes) -> tuple[Handler, Envelope] | Outcome:
        """The event and its handler, or a dead letter's outcome for a message no retry can
        fix (a body too big is not even parsed)."""
        if len(body) > self.max_message_bytes:
            reason = f"body of {len(body)} bytes is over the bound of {self.max_message_bytes}"
        else:
            try:
                event = decode(body)
            except InvalidMessage as exc:
                reason = f"invalid message: {exc}"
            else:
                handler = self.handlers.get(event.type)
                if handler is not None:
                    return handler, event
                reason = f"{self.service} has no handler for {event.type} {event.id}"
        return Outcome(DEAD, reason)

    def _handle_alone(self, handler: Handler, event: Envelope) -> str:
        backoff = Backoff()
        while True:
            try:
                self._handle_together([(handler, event)])
                return ACK
            except Exception:
                engine = self.session_factory.kw["bind"]
                if self._stopping.is_set() or database_answers(engine):
                    log.exception("%s failed on %s %s correlation %s", self.service,
                                  event.type, event.id, event.correlation_id)
                    return RETRY
                self.outage_waits += 1
                log.warning("%s cannot reach its database; %s %s waits for it", self.service,
                            event.type, event.id)
                self.pulse.still_working()
                backoff.wait(self._stopping)

    def _handle_together(self, work: list[tuple[Handler, Envelope]]) -> None:
        """Each event's handler and inbox row (or, for an event handled before, its count of
        redeliveries), all committed together; raises if any of them fails."""
        first_time = []
        with transaction(self.session_factory) as session:
            for handler, event in work:
                event_id = str(event.id)
                if session.execute(self._first_seen, {
                        "event_id": event_id, "event_type": event.type,
                        "correlation_id": event.correlation_id,
                        "handled_at": dt.datetime.now(dt.UTC)}).first() is None:
                    session.execute(_REDELIVERED, {"redelivered_id": event_id})
                    first_time.append(False)
                else:
                    handler(session, event)
                    first_time.append(True)
        for (_, event), first in zip(work, first_time, strict=True):
            if first:
                self.handled += 1
                log.info("%s handled %s %s correlation %s", self.service, event.type,
                         event.id, event.correlation_id)
            else:
                self.duplicates += 1
                log.info("%s already handled %s %s", self.service, event.type, event.id)

