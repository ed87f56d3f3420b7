"""The outbox relay: publishes committed events with publisher confirms, then marks them sent.

A row is marked only after the broker confirmed it, so a broker that is down delays events
and never loses them; a relay killed between the confirm and the mark publishes the row again,
and the consumers' inbox makes that second copy harmless. A row whose body is over the bound
is never published: the relay logs it and marks it refused, so it does not take it again.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time

import pika
from pika.exceptions import AMQPError
from sqlalchemy import Select, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from shared.bus import topology
from shared.bus.connection import keep_connected
from shared.bus.outbox_watch import make_waker
from shared.bus.tables import outbox
from shared.db.engine import is_postgres
from shared.liveness import UNWATCHED

log = logging.getLogger(__name__)


class OutboxRelay:
    pulse = UNWATCHED  # run_parts gives each relay its own

    def __init__(
        self,
        engine: Engine,
        amqp_url: str,
        *,
        name: str,
        heartbeat: int = 30,
        sweep_seconds: float = 5.0,
        batch_size: int = 200,
        pause_before_mark: float = 0.0,
        max_message_bytes: int = topology.MAX_MESSAGE_BYTES,
    ) -> None:
        self.engine = engine
        self.amqp_url = amqp_url
        self.name = name
        self.heartbeat = heartbeat
        self.sweep_seconds = sweep_seconds
        self.batch_size = batch_size
        self.pause_before_mark = pause_before_mark
        self.longest_wait = sweep_seconds  # idle, it beats once a sweep (shared/liveness.py)
        self.max_message_bytes = max_message_bytes
        self.published = 0
        self._unsent = _unsent_rows(batch_size, locking=is_postgres(engine))

    def run(self, stop: threading.Event) -> None:
        waker = make_waker(self.engine)

        def set_up(connection):
            channel = connection.channel()
            channel.confirm_delivery()
            topology.check(channel, self.name)

            def step() -> None:
                # a batch that was not full took every row committed before it looked;
                # a row committed since has woken the waker, which returns at once
                while self.publish_batch(channel) == self.batch_size and not stop.is_set():
                    pass
                connection.process_data_events(0)
                waker.wait(self.sweep_seconds, stop)
            return step

        try:
            keep_connected(stop, amqp_url=self.amqp_url, heartbeat=self.heartbeat,
                           name=f"{self.name}-relay", set_up=set_up,
                           retry_on=(AMQPError, SQLAlchemyError, OSError),
                           beat=self.pulse.beat)
        finally:
            waker.close()

    def publish_batch(self, channel) -> int:
        """Publish one batch of unsent rows in id order; return how many rows it took."""
        failure: Exception | None = None
        with self.engine.begin() as conn:
            rows = conn.execute(self._unsent).all()
            sent: list[int] = []
            refused: list[int] = []
            for row in rows:
                body = row.body.encode()
                if not self._fits(row, body):
                    refused.append(row.id)
                    continue
                try:
                    channel.basic_publish(
                        topology.EXCHANGE, row.routing_key, body,
                        _properties(row), mandatory=False,
                    )
                except AMQPError as exc:
                    failure = exc
                    break
                sent.append(row.id)
                log.debug("published %s %s correlation %s",
                          row.event_type, row.event_id, row.correlation_id)
            if sent and self.pause_before_mark:
                time.sleep(self.pause_before_mark)  # the window a crash test aims at
            if sent:
                conn.execute(
                    update(outbox).where(outbox.c.id.in_(sent))
                    .values(sent_at=dt.datetime.now(dt.UTC))
                )
            if refused:
                conn.execute(update(outbox).where(outbox.c.id.in_(refused))
                             .values(refused_at=dt.datetime.now(dt.UTC)))
        self.published += len(sent)
        if failure is not None:
            raise failure
        return len(rows)

    def _fits(self, row, body: bytes) -> bool:
        """Whether the body is within the bound every consumer holds it to."""
        if len(body) <= self.max_message_bytes:
            return True
        log.error("relay %s refuses %s %s correlation %s: its body of %d bytes is over the "
                  "bound of %d", self.name, row.event_type, row.event_id, row.correlation_id,
                  len(body), self.max_message_bytes)
        return False


def _unsent_rows(batch_size: int, *, locking: bool) -> Select:
    """The oldest unsent rows, built once: building and keying the statement again on every
    look cost more than running it."""
    query = (
        select(outbox.c.id, outbox.c.event_id, outbox.c.event_type, outbox.c.routing_key,
               outbox.c.correlation_id, outbox.c.body)
        .where(outbox.c.sent_at.is_(None), outbox.c.refused_at.is_(None))
        .order_by(outbox.c.id)
        .limit(batch_size)
    )
    if locking:
        # a second relay (another worker replica) takes other rows instead of waiting
        query = query.with_for_update(skip_locked=True)
    return query


def _properties(row) -> pika.BasicProperties:
    return pika.BasicProperties(
        content_type="application/json",
        delivery_mode=pika.DeliveryMode.Persistent,
        message_id=row.event_id,
        correlation_id=row.correlation_id,
        type=row.event_type,
    )
