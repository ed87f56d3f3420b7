"""How the relay learns that new outbox rows committed: LISTEN/NOTIFY or a short poll."""

from __future__ import annotations

import threading
import time

import psycopg
from sqlalchemy import exists, select
from sqlalchemy.engine import Engine

from shared.bus.outbox import NOTIFY_CHANNEL
from shared.bus.tables import outbox
from shared.db import is_postgres

POLL_SECONDS = 0.05


class NotifyWaker:
    """PostgreSQL: a dedicated autocommit connection LISTENing on the outbox channel."""

    def __init__(self, engine: Engine) -> None:
        url = engine.url.set(drivername="postgresql")
        self._dsn = url.render_as_string(hide_password=False)
        self._conn: psycopg.Connection | None = None

    def _connection(self) -> psycopg.Connection:
        if self._conn is None or self._conn.closed:
            self._conn = psycopg.connect(self._dsn, autocommit=True)
            self._conn.execute(f"LISTEN {NOTIFY_CHANNEL}")
        return self._conn

    def wait(self, seconds: float, stop: threading.Event) -> None:
        """Return on the first notification, after `seconds`, or when stopped."""
        deadline = time.monotonic() + seconds
        try:
            conn = self._connection()
            while not stop.is_set():
                left = deadline - time.monotonic()
                if left <= 0:
                    return
                for _ in conn.notifies(timeout=min(left, 1.0), stop_after=1):
                    return
        except psycopg.Error:
            self.close()
            stop.wait(min(seconds, 1.0))

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


class PollWaker:
    """SQLite has no notifications: look for unsent rows every few milliseconds."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._query = select(exists().where(outbox.c.sent_at.is_(None)))

    def wait(self, seconds: float, stop: threading.Event) -> None:
        deadline = time.monotonic() + seconds
        while not stop.is_set() and time.monotonic() < deadline:
            with self._engine.connect() as conn:
                if conn.execute(self._query).scalar():
                    return
            stop.wait(POLL_SECONDS)

    def close(self) -> None:
        pass


def make_waker(engine: Engine) -> NotifyWaker | PollWaker:
    return NotifyWaker(engine) if is_postgres(engine) else PollWaker(engine)
