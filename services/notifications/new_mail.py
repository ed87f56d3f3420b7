"""How the deliverer hears of a message the moment it can be sent, instead of on its next
timed round (which cost every e-mail up to a whole poll interval).

Whoever makes a message pending (a letter written, held letters released) marks its
session; when that session has committed, a listener on the worker's session factory
wakes the deliverer. Only after the commit: woken earlier, the deliverer would look for
the message before it is visible and go back to sleep. A rolled-back session wakes nobody.
The deliverer keeps its timed rounds for what no commit in this process announces: retries
falling due, messages kept for tomorrow by the daily cap, and rows written by another
process.
"""

from __future__ import annotations

import threading
import time

from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

_NEW_MAIL = "revmod.notifications.new_mail"

#: the longest the deliverer sleeps without looking at its stop signal
_STOP_CHECK_SECONDS = 0.5


def note_new_mail(session: Session) -> None:
    """Say that `session`, once committed, leaves a message ready to send."""
    session.info[_NEW_MAIL] = True


class NewMailSignal:
    """Set after a commit that left new mail, on whichever thread committed it."""

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._event = threading.Event()
        event.listen(session_factory, "after_commit", self._after_commit)
        event.listen(session_factory, "after_soft_rollback", self._after_rollback)

    def _after_commit(self, session: Session) -> None:
        if session.info.pop(_NEW_MAIL, False):
            self._event.set()

    def _after_rollback(self, session: Session, previous_transaction) -> None:
        # a savepoint rolled back leaves the outer transaction's mail: a needless wake is
        # harmless, a missing one costs a poll interval
        if not previous_transaction.nested:
            session.info.pop(_NEW_MAIL, None)

    def clear(self) -> None:
        """Forget past signals: call before looking for due mail, so that a message
        committed while looking signals again."""
        self._event.clear()

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
