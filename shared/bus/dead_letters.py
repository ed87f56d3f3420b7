"""Dead letters made visible and replayable without an AMQP connection in the web process.

The worker drains `<service>.events.dead` into the service's `dead_letters` table (the
message is acked only after the row commits). The API lists them and marks one for replay;
the worker then publishes it to the service's own queue through `revmod.own` (no other
service sees it again) with publisher confirms, and records when.

The keeper stores whatever arrives (shared/bus/dead_letter_rows.py makes any message fit
its row) and nothing it stores can stop it: a row that fails for what it holds is stored
again as what can be (the body's size and first bytes, escaped), and the message is acked.
Only a database that does not answer keeps the message unacked, to be stored once it is
back.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import threading

import pika
from pika.exceptions import AMQPError
from sqlalchemy import Column, Integer, MetaData, String, Table, Text, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError

from shared.bus import topology
from shared.bus.connection import keep_connected
from shared.bus.dead_letter_rows import describe, fit
from shared.db.engine import UtcDateTime
from shared.liveness import UNWATCHED

log = logging.getLogger(__name__)


def _columns() -> list[Column]:
    return [
        Column("id", Integer, primary_key=True),
        Column("event_id", String(64), nullable=True, index=True),
        Column("event_type", String(80), nullable=True),
        Column("body", Text, nullable=False),
        Column("reason", String(200), nullable=True),
        Column("deliveries", Integer, nullable=True),
        Column("dead_at", UtcDateTime, nullable=False),
        Column("replay_requested_at", UtcDateTime, nullable=True),
        Column("replayed_at", UtcDateTime, nullable=True),
    ]


def _correlation_column() -> Column:
    """The dead event's correlation id (added with `add_dead_letter_correlation`), so that
    GET /events/handled names the events of one write that this service gave up on."""
    return Column("correlation_id", String(64), nullable=True)


dead_letters = Table("dead_letters", MetaData(), *_columns(), _correlation_column())


def create_dead_letters_table(op) -> None:
    op.create_table("dead_letters", *_columns())


def add_dead_letter_correlation(op) -> None:
    with op.batch_alter_table("dead_letters") as batch:
        batch.add_column(_correlation_column())
        batch.create_index("ix_dead_letters_correlation_id", ["correlation_id"])


def drop_dead_letter_correlation(op) -> None:
    with op.batch_alter_table("dead_letters") as batch:
        batch.drop_index("ix_dead_letters_correlation_id")
        batch.drop_column("correlation_id")


def _what_can_be_stored(body: bytes) -> dict:
    """A row that holds nothing from the message but its size and first bytes, escaped."""
    return {"event_id": None, "event_type": None, "correlation_id": None, "deliveries": None,
            "body": fit(body[:1024].decode("ascii", errors="backslashreplace"), None),
            "reason": f"could not be stored as it came ({len(body)} bytes)"}


class DeadLetterKeeper:
    """Worker part: stores dead letters, and replays those the secretariat asked for."""

    pulse = UNWATCHED  # run_parts gives each keeper its own

    def __init__(self, service: str, engine: Engine, amqp_url: str, *,
                 heartbeat: int = 30, poll_seconds: float = 1.0) -> None:
        self.service = service
        self.engine = engine
        self.amqp_url = amqp_url
        self.heartbeat = heartbeat
        self.poll_seconds = poll_seconds

    def run(self, stop: threading.Event) -> None:
        keep_connected(stop, amqp_url=self.amqp_url, heartbeat=self.heartbeat,
                       name=f"{self.service}-dead", set_up=self._keep_dead_letters,
                       retry_on=(AMQPError, SQLAlchemyError), beat=self.pulse.beat)

    def _keep_dead_letters(self, connection):
        channel = connection.channel()
        channel.confirm_delivery()
        topology.check(channel, self.service)
        channel.basic_qos(prefetch_count=10)
        channel.basic_consume(topology.dead_queue_name(self.service),
                              functools.partial(self._keep, channel))

        def step() -> None:
            connection.process_data_events(time_limit=self.poll_seconds)
            self.replay_requested(channel)
        return step

    def _keep(self, channel, _ch, method, properties, body: bytes) -> None:
        try:
            row = describe(body, properties)
            self._store(row)
        except (OperationalError, InterfaceError):
            raise  # the database is away: the message stays unacked until it is back
        except Exception:
            log.exception("%s could not store dead letter %r as it came; storing what it can",
                          self.service, properties.message_id)
            self._store(_what_can_be_stored(body))  # if this fails, the message is not why
        else:
            log.warning("%s dead letter kept: %r %r (%r)", self.service, row["event_type"],
                        row["event_id"], row["reason"])
        channel.basic_ack(method.delivery_tag)

    def _store(self, row: dict) -> None:
        with self.engine.begin() as conn:
            conn.execute(insert(dead_letters).values(dead_at=dt.datetime.now(dt.UTC), **row))

    def replay_requested(self, channel) -> int:
        with self.engine.begin() as conn:
            rows = conn.execute(select(dead_letters.c.id, dead_letters.c.body).where(
                dead_letters.c.replay_requested_at.is_not(None),
                dead_letters.c.replayed_at.is_(None))).all()
            for row in rows:
                # bound to this service's queue only: no other service hears it again
                channel.basic_publish(topology.OWN_EXCHANGE, topology.replay_key(self.service),
                                      row.body.encode(),
                                      pika.BasicProperties(delivery_mode=2,
                                                           content_type="application/json"))
                conn.execute(update(dead_letters).where(dead_letters.c.id == row.id)
                             .values(replayed_at=dt.datetime.now(dt.UTC)))
                log.info("%s replayed dead letter %s", self.service, row.id)
        return len(rows)
