"""The notifications handlers' unit of work: one transaction, the copies, open items and
letters read and written through it.

A handler touches the database only through its unit of work, so its unit tests run on an
in-memory fake (tests/unit/notifications/fakes.py) and its integration tests on the real
databases. The letters still go through the outgoing package: those of one event are
written together, and new mail is handed to the deliverer once the transaction commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from services.notifications.adapters import items
from services.notifications.adapters.orm import (
    HELD,
    PENDING,
    ItemRow,
    MessageRow,
    MissionRow,
    ReviewRow,
    SurveyInvitationRow,
)
from services.notifications.adapters.outgoing import compose
from services.notifications.adapters.outgoing.new_mail import note_new_mail
from services.notifications.domain.letters import PERSONAL_KINDS
from shared.bus.consumer import Handler
from shared.context import ServiceContext
from shared.db.engine import transaction
from shared.db.unit_of_work import SessionUnitOfWork
from shared.db.unit_of_work import on_consumer_session as on_session
from shared.events import Envelope


class Raced(Exception):
    """Another transaction committed the same unique key first (a reminder's slot)."""


class NotificationsUnitOfWork(SessionUnitOfWork):
    def review_of_draw(self, draw_id: int, state_under_review: str) -> ReviewRow | None:
        return self.session.scalar(select(ReviewRow).where(
            ReviewRow.draw_id == draw_id, ReviewRow.state_under_review == state_under_review))

    def open_item(self, *, state_code: str, capacity: str, **item) -> ItemRow:
        """The open item for (State, review, topic), opened now if there is none."""
        return self.open_items({state_code: capacity}, **item)[state_code]

    def open_items(self, capacities: Mapping[str, str], **item) -> dict[str, ItemRow]:
        """See items.open_items: one query for the current rounds of all these States."""
        return items.open_items(self.session, capacities, **item)

    def open_items_of(self, review_id: int, *, state_code: str | None = None,
                      topic: str | None = None) -> list[ItemRow]:
        return items.open_items_of(self.session, review_id, state_code=state_code, topic=topic)

    def close(self, settled: Iterable[ItemRow], event: Envelope, now: dt.datetime,
              why: str) -> int:
        return items.close(settled, event, now, why)

    def states_with_open_items(self) -> list[str]:
        return items.states_with_open_items(self.session)

    def open_items_for(self, state_code: str) -> list[ItemRow]:
        return items.open_items_for(self.session, state_code)

    def survey_invitations(self, survey_id: int) -> dict[str, SurveyInvitationRow]:
        """The States invited to the survey, by code."""
        return {row.state_code: row for row in self.session.scalars(
            select(SurveyInvitationRow).where(SurveyInvitationRow.survey_id == survey_id))}

    def open_survey_invitations(self) -> list[SurveyInvitationRow]:
        """The invitations still waiting for an answer, locked while they are reminded."""
        return list(self.session.scalars(
            select(SurveyInvitationRow).where(SurveyInvitationRow.settled_at.is_(None))
            .order_by(SurveyInvitationRow.id).with_for_update()))

    def compose_all(self, ctx: ServiceContext, drafts: list[compose.Draft]) -> list[int | None]:
        """The letters of one event, written together (see compose.compose_all)."""
        return compose.compose_all(ctx, self.session, drafts)

    def unsent_messages(self, state_code: str) -> list[MessageRow]:
        """The State's messages to its Mission held or pending, in the order the deliverer
        locks them (a person's letter is not the Mission's to receive)."""
        return list(self.session.scalars(
            select(MessageRow)
            .where(MessageRow.state_code == state_code,
                   MessageRow.status.in_((HELD, PENDING)),
                   MessageRow.kind.not_in(PERSONAL_KINDS))
            .order_by(MessageRow.id)))

    def readdress(self, message: MessageRow, mission: MissionRow) -> None:
        compose.readdress(self.session, message, mission)

    def note_new_mail(self, messages: list[tuple[int, str]]) -> None:
        """Hand these messages (id, State) to the deliverer once the transaction commits."""
        note_new_mail(self.session, messages)


@contextmanager
def unit_of_work(session_factory: sessionmaker[Session]) -> Iterator[NotificationsUnitOfWork]:
    """Commit on success, roll back on any error; a lost race on a unique key is Raced."""
    try:
        with transaction(session_factory) as session:
            yield NotificationsUnitOfWork(session)
    except IntegrityError as exc:
        raise Raced(str(exc.orig)) from exc


EventHandler = Callable[[NotificationsUnitOfWork, Envelope], None]


def on_consumer_session(handlers: Mapping[str, EventHandler]) -> dict[str, Handler]:
    """The consumer calls `handler(session, event)` in its own transaction (with the event's
    inbox row); the handlers take the unit of work over that same session."""
    return on_session(handlers, NotificationsUnitOfWork)
