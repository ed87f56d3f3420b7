"""How the deliverer hears of a message the moment it can be sent, instead of on its next
timed round (which cost every e-mail up to a whole poll interval).

Whoever makes a message pending (a letter written, held letters released) notes it, with its
id and State, on its session; when that session has committed, a listener on the worker's
session factory hands the messages to the deliverer and wakes it. Only after the commit:
woken earlier, the deliverer would look for the message before it is visible. A rolled-back
session announces nothing. Handed the messages, the deliverer sends them without first
asking the database what is due (a round trip and a query on the path of every e-mail).
Its timed rounds ask, for what no commit in this process announces: retries falling due,
messages kept for tomorrow by the daily cap, and rows written by another process.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable

from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

_NEW_MAIL = "revmod.notifications.new_mail"

#: the longest the deliverer sleeps without looking at its stop signal
_STOP_CHECK_SECONDS = 0.5


def note_new_mail(session: Session, messages: Iterable[tuple[int, str]]) -> None:
    """Say that `session`, once committed, leaves these messages (id, State) ready to send."""
    session.info.setdefault(_NEW_MAIL, []).extend(messages)


class NewMailSignal:
    """The messages announced by commits since the deliverer last took them, and an event
    set by those commits, on whichever thread committed."""

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._announced: list[tuple[int, str]] = []
        event.listen(session_factory, "after_commit", self._after_commit)
        event.listen(session_factory, "after_soft_rollback", self._after_rollback)

    def _after_commit(self, session: Session) -> None:
        messages = session.info.pop(_NEW_MAIL, None)
        if messages:
            with self._lock:
                self._announced += messages
                self._event.set()

    def _after_rollback(self, session: Session, previous_transaction) -> None:
        # a savepoint rolled back leaves the outer transaction's mail: announcing a message
        # that is not pending is harmless (the claim finds nothing), missing one costs a
        # poll interval
        if not previous_transaction.nested:
            session.info.pop(_NEW_MAIL, None)

    def take(self) -> list[tuple[int, str]]:
        """The messages announced so far, forgotten here: call before sending, so that a
        message committed meanwhile signals again."""
        with self._lock:
            self._event.clear()
            taken, self._announced = self._announced, []
        return taken

    def wait(self, seconds: float, stop: threading.Event) -> bool:
        """True as soon as new mail is committed; False after `seconds` or soon after
        `stop` is set."""
        deadline = time.monotonic() + seconds
        while not stop.is_set():
            left = deadline - time.monotonic()
            if self._event.wait(max(0.0, min(left, _STOP_CHECK_SECONDS))):
                return True
            if left <= 0:
                return False
        return False
