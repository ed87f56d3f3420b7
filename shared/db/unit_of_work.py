"""What every service's unit of work does the same way: rows read and written in one
session, and the events recorded in its outbox, committed with them or not at all.

Each service's adapters/unit_of_work.py adds the reads its handlers need.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from sqlalchemy.orm import Session

from shared.bus.outbox import record
from shared.events import Envelope


class SessionUnitOfWork:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, model: type, key):
        return self.session.get(model, key)

    def add(self, *rows) -> None:
        self.session.add_all(rows)

    def flush(self) -> None:
        """Write what was added or changed so far: new rows get their ids, and a unique
        place a changed row gave up is free for the next."""
        self.session.flush()

    def record(self, *events: Envelope) -> None:
        """The events go out through the outbox, committed with the rest or not at all."""
        record(self.session, *events)


def on_consumer_session(
    handlers: Mapping[str, Callable], unit_of_work: Callable[[Session], SessionUnitOfWork]
) -> dict[str, Callable[[Session, Envelope], None]]:
    """The consumer's map (`handler(session, event)`, in its transaction with the event's
    inbox row) from a service's map of handlers that take its unit of work over that same
    session (`handler(uow, event)`)."""
    return {event_type: _on_session(handler, unit_of_work)
            for event_type, handler in handlers.items()}


def _on_session(handler: Callable, unit_of_work: Callable[[Session], SessionUnitOfWork]):
    def handle(session: Session, event: Envelope) -> None:
        handler(unit_of_work(session), event)
    return handle
