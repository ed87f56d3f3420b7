"""On SQLite, how a process that commits outbox rows tells the relay at once.

SQLite has no LISTEN/NOTIFY, and looking at the file's change counter often enough to keep
an event's wait short wakes every worker many times a second to find nothing. So the relay
listens on a datagram socket named after the database file, and a session that recorded
outbox rows sends it one byte once it has committed. The relay still looks at the counter
now and then (outbox_watch.PollWaker), for commits that do not ring: another program
writing the file, a ring lost because the relay was not listening yet.

The socket is in Linux's abstract namespace: no file to clean up and no limit from a long
database path; processes that share the file on one host share it. Where it cannot be
made, nothing rings and the relay only looks at the counter.
"""

from __future__ import annotations

import hashlib
import os
import select
import socket
import threading

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

_RINGS = "revmod.outbox_bell"


def address_of(engine: Engine) -> bytes | None:
    """The bell of `engine`'s SQLite file; None for a database in memory or not SQLite."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        return None
    digest = hashlib.sha256(os.path.abspath(database).encode()).hexdigest()[:32]
    return b"\0revmod-outbox-" + digest.encode()


def ring_after_commit(session: Session, bind: Engine | Connection) -> None:
    """Have `session` ring the bell of its database file once its transaction commits."""
    address = address_of(bind.engine)
    if address is not None:
        session.info[_RINGS] = address


class Bell:
    """The relay's end: a datagram socket bound to the bell's address."""

    def __init__(self, address: bytes) -> None:
        self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        try:
            self._socket.bind(address)
        except OSError:
            self._socket.close()
            raise
        self._socket.setblocking(False)

    @classmethod
    def listening(cls, engine: Engine) -> Bell | None:
        """A bell for `engine`'s file, or None where none can be had (not SQLite, no
        abstract sockets, another relay of the same file already listening)."""
        address = address_of(engine)
        if address is None:
            return None
        try:
            return cls(address)
        except OSError:
            return None

    def wait(self, seconds: float) -> bool:
        """True as soon as someone rings (every ring so far is taken), False after
        `seconds`."""
        ready, _, _ = select.select([self._socket], [], [], seconds)
        if not ready:
            return False
        try:
            while self._socket.recv(16):
                pass
        except BlockingIOError:
            pass
        return True

    def close(self) -> None:
        self._socket.close()


class _Ringer:
    """One unbound datagram socket per process, made on the first ring and shared by the
    process's threads (a datagram's sendto is atomic)."""

    def __init__(self) -> None:
        self._socket: socket.socket | None = None
        self._making = threading.Lock()

    def ring(self, address: bytes) -> None:
        try:
            self._ready().sendto(b"!", address)
        except OSError:
            pass  # no relay listening, or its socket full of rings already: it will look

    def _ready(self) -> socket.socket:
        with self._making:
            if self._socket is None:
                self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
                self._socket.setblocking(False)
            return self._socket


_ringer = _Ringer()


@event.listens_for(Session, "after_commit")
def _ring(session: Session) -> None:
    address = session.info.pop(_RINGS, None)
    if address is not None:
        _ringer.ring(address)


@event.listens_for(Session, "after_soft_rollback")
def _forget(session: Session, previous_transaction) -> None:
    # a savepoint rolled back leaves the outer transaction's rows: a needless ring is harmless
    if not previous_transaction.nested:
        session.info.pop(_RINGS, None)
