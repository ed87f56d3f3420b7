"""How the relay learns that new outbox rows committed: LISTEN/NOTIFY, or on SQLite a bell
rung after the commit and a look at the file's change counter."""

from __future__ import annotations

import sqlite3
import threading
import time

import psycopg
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from shared.bus.outbox import NOTIFY_CHANNEL
from shared.bus.sqlite_notify import Bell
from shared.db.engine import is_postgres

#: how often the SQLite relay looks at the change counter between rings of its bell, and
#: without a bell: the longest a commit that does not ring waits for the relay
POLL_SECONDS, POLL_SECONDS_WITHOUT_BELL = 0.05, 0.005


class NotifyWaker:
    """PostgreSQL: a dedicated autocommit connection LISTENing on the outbox channel."""

    def __init__(self, engine: Engine) -> None:
        url = engine.url.set(drivername="postgresql")
        self._dsn = url.render_as_string(hide_password=False)
        self._conn: psycopg.Connection | None = None

    def wait(self, seconds: float, stop: threading.Event) -> None:
        """Return on the first notification, after `seconds`, or when stopped; and at once
        after starting to listen: what was committed before that was not announced to us, so
        the relay must look again."""
        deadline = time.monotonic() + seconds
        try:
            if self._conn is None or self._conn.closed:
                self._conn = psycopg.connect(self._dsn, autocommit=True)
                self._conn.execute(f"LISTEN {NOTIFY_CHANNEL}")
                return
            conn = self._conn
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
    """SQLite has no notifications: a session that recorded events rings the relay's bell
    after its commit (shared/bus/sqlite_notify.py), and between rings the relay asks the file
    whether any other connection committed since the last look.

    PRAGMA data_version reads a counter from the shared WAL index: microseconds, no query
    plan, no pool checkout. A change wakes the relay, which then looks for unsent rows; the
    counter is read before that look, so a commit made while the relay looks is seen on the
    next wait. Where no bell can be had, the counter is read every 5 ms.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._conn = None  # a DBAPI connection of our own, kept: the counter is per connection
        self._version: int | None = None
        self._bell = Bell.listening(engine)

    def wait(self, seconds: float, stop: threading.Event) -> None:
        deadline = time.monotonic() + seconds
        while not stop.is_set() and (left := deadline - time.monotonic()) > 0:
            if self._changed():
                return
            if self._bell is None:
                stop.wait(POLL_SECONDS_WITHOUT_BELL)
            else:
                self._bell.wait(min(left, POLL_SECONDS))

    def _changed(self) -> bool:
        """True on the first look (nothing is known yet) and after any commit since."""
        try:
            if self._conn is None:
                self._conn = self._engine.raw_connection()
            cursor = self._conn.cursor()
            try:
                version = cursor.execute("PRAGMA data_version").fetchone()[0]
            finally:
                cursor.close()
        except (sqlite3.Error, SQLAlchemyError):
            self._close_connection()
            return True  # the relay's own look at the rows reports (and backs off from) it
        changed, self._version = version != self._version, version
        return changed

    def _close_connection(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def close(self) -> None:
        self._close_connection()
        if self._bell is not None:
            self._bell.close()
            self._bell = None


def make_waker(engine: Engine) -> NotifyWaker | PollWaker:
    return NotifyWaker(engine) if is_postgres(engine) else PollWaker(engine)
