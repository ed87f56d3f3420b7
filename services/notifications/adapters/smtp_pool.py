"""SMTP connections kept between the deliverer's rounds, one per sender at a time.

Letters come a few at a time (three for a stage change), each batch in a round of its own.
Opening a connection for each round cost a connect, a greeting, EHLO (STARTTLS and a login
where configured) and a QUIT: about as much as sending the letter. So a connection given
back stays open for the next round, until it has been idle for `idle_seconds`; a relay that
closed it meanwhile costs one retry on a fresh connection (SmtpSession.send does that).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator

from services.notifications.adapters.smtp import SmtpMailer, SmtpSession


class SessionPool:
    """Open SMTP sessions of one mailer, lent to one sender at a time. A mailer that is not
    an SmtpMailer (one that keeps the messages in memory, in tests) is lent as it is."""

    def __init__(self, mailer, idle_seconds: float) -> None:
        self.mailer = mailer
        self.idle_seconds = idle_seconds
        self._lock = threading.Lock()
        #: sessions not lent out, with the moment each was given back
        self._free: list[tuple[object, float]] = []

    @contextlib.contextmanager
    def lend(self) -> Iterator[object]:
        """A session of its own for the caller; given back afterwards for the next one."""
        with self._lock:
            session = self._free.pop()[0] if self._free else self._open()
        try:
            yield session
        finally:
            with self._lock:
                self._free.append((session, time.monotonic()))

    def _open(self):
        return SmtpSession(self.mailer) if isinstance(self.mailer, SmtpMailer) else self.mailer

    def close_idle(self) -> int:
        """Close the sessions nobody used for `idle_seconds`; return how many."""
        cutoff = time.monotonic() - self.idle_seconds
        with self._lock:
            idle = [s for s, at in self._free if at <= cutoff]
            self._free = [(s, at) for s, at in self._free if at > cutoff]
        for session in idle:
            _close(session)
        return len(idle)

    def close_all(self) -> None:
        with self._lock:
            free, self._free = self._free, []
        for session, _at in free:
            _close(session)


def _close(session) -> None:
    close = getattr(session, "close", None)
    if close is not None:
        close()
