"""The threads of one process take turns to write a SQLite file, in the order they asked.

SQLite lets one connection write at a time. Left to itself, a connection that finds the file
locked sleeps in SQLite's busy handler (1, 2, 5 ... up to 100 ms a try), and a thread that
writes one transaction after another takes the lock again before the sleeper wakes: a
consumer writing event after event can keep the deliverer from recording its sends, and the
letters wait while the queue looks healthy.

So a connection takes this process's turn before the first write of its transaction and
gives it back when the transaction ends; whoever waits longest writes next. Other processes
(a web process and its worker share the file) still meet SQLite's own lock. A turn not
given within the busy timeout is not waited for any longer: the write goes ahead and SQLite
decides, as before.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
from collections import deque

from sqlalchemy import event
from sqlalchemy.engine import Engine

log = logging.getLogger(__name__)

_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
_HOLDS_TURN = "revmod.sqlite_turn"


class Turns:
    """A lock handed over in order of arrival (threading.Lock wakes no one in particular,
    and the thread that released it often takes it again)."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._held = False
        self._waiting: deque[threading.Event] = deque()

    def acquire(self, timeout: float) -> bool:
        with self._guard:
            if not self._held:
                self._held = True
                return True
            mine = threading.Event()
            self._waiting.append(mine)
        if mine.wait(timeout):
            return True
        with self._guard:
            if mine.is_set():  # handed over just as we gave up
                return True
            self._waiting.remove(mine)
            return False

    def waiting(self) -> int:
        with self._guard:
            return len(self._waiting)

    def release(self) -> None:
        with self._guard:
            if self._waiting:
                self._waiting.popleft().set()  # still held: now by the next in line
            else:
                self._held = False


def take_turns_to_write(engine: Engine, timeout: float) -> Turns:
    """Make the connections of `engine` (a SQLite file) take turns to write."""
    turns = Turns()

    @event.listens_for(engine, "before_cursor_execute")
    def take_turn(conn, _cursor, statement, _parameters, _context, _executemany) -> None:
        if conn.info.get(_HOLDS_TURN) or not statement.lstrip()[:7].upper().startswith(_WRITES):
            return
        if turns.acquire(timeout):
            conn.info[_HOLDS_TURN] = True
        else:
            log.warning("no turn to write %s within %ss (%d waiting); writing without one",
                        engine.url, timeout, turns.waiting())

    def give_back(info: dict) -> None:
        if info.pop(_HOLDS_TURN, False):
            turns.release()

    def commit_then_give_back(conn) -> None:
        """The turn passes once the commit is on disk. Given back before it (this event
        comes before the driver's commit), it sent the next writer into SQLite's busy
        handler, which sleeps 1, 2, 5 ... ms at a time while the commit waits for the disk.
        The driver's own commit that follows finds nothing left to do; if this one fails,
        that one fails the same way and reports it as usual."""
        if conn.info.get(_HOLDS_TURN):
            with contextlib.suppress(sqlite3.Error):
                conn.connection.dbapi_connection.commit()
            give_back(conn.info)

    # the transaction ends; the pool's events catch a connection given back or discarded
    # without either
    event.listen(engine, "commit", commit_then_give_back)
    event.listen(engine, "rollback", lambda conn: give_back(conn.info))
    event.listen(engine, "checkin", lambda _dbapi, record: record and give_back(record.info))
    event.listen(engine, "invalidate", lambda _dbapi, record, _exc: give_back(record.info))
    return turns
