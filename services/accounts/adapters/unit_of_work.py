"""The accounts handlers' unit of work: one transaction, the tables read and written
through it, the outbox and the audit log written in it. Event handlers run in the
consumer's transaction: `with_sessions` hands them its session wrapped in one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from services.accounts.adapters.orm import (
    AccountRow,
    FailureRow,
    GrantRow,
    LinkRow,
    RecoveryCodeRow,
)
from shared.db.engine import transaction
from shared.db.unit_of_work import SessionUnitOfWork, on_consumer_session
from shared.events import Envelope
from shared.web.audit import audit_log


class AccountsUnitOfWork(SessionUnitOfWork):
    def account_by_email(self, email: str) -> AccountRow | None:
        return self.session.scalar(select(AccountRow).where(AccountRow.email == email.lower()))

    def account_for_update(self, account_id: int) -> AccountRow | None:
        return self.session.get(AccountRow, account_id, with_for_update=True)

    def grants_of(self, account_id: int) -> list[GrantRow]:
        """The grants the account holds now (not ended)."""
        return list(self.session.scalars(select(GrantRow).where(
            GrantRow.account_id == account_id, GrantRow.ended_at.is_(None))))

    def grant_of_nomination(self, nomination_id: int) -> GrantRow | None:
        return self.session.scalar(select(GrantRow).where(
            GrantRow.nomination_id == nomination_id))

    def link_for_update(self, digest: str) -> LinkRow | None:
        return self.session.scalar(select(LinkRow).where(LinkRow.token_digest == digest)
                                   .with_for_update())

    def has_open_link(self, account_id: int, purpose: str, now: dt.datetime) -> bool:
        return self.session.scalar(select(LinkRow.id).where(
            LinkRow.account_id == account_id, LinkRow.purpose == purpose,
            LinkRow.used_at.is_(None), LinkRow.expires_at > now).limit(1)) is not None

    def end_open_links(self, account_id: int, purpose: str, now: dt.datetime) -> None:
        """An earlier link of the same purpose stops working when a new one is sent."""
        self.session.execute(update(LinkRow).where(
            LinkRow.account_id == account_id, LinkRow.purpose == purpose,
            LinkRow.used_at.is_(None)).values(used_at=now))

    def failures(self, key: str) -> FailureRow:
        row = self.session.get(FailureRow, key, with_for_update=True)
        if row is None:
            row = FailureRow(key=key, count=0)
            self.session.add(row)
        return row

    def recovery_code(self, account_id: int, digest: str) -> RecoveryCodeRow | None:
        return self.session.scalar(select(RecoveryCodeRow).where(
            RecoveryCodeRow.account_id == account_id, RecoveryCodeRow.code_digest == digest,
            RecoveryCodeRow.used_at.is_(None)).with_for_update())

    def replace_recovery_codes(self, account_id: int, digests: list[str]) -> None:
        self.session.execute(RecoveryCodeRow.__table__.delete().where(
            RecoveryCodeRow.account_id == account_id))
        self.add(*(RecoveryCodeRow(account_id=account_id, code_digest=d) for d in digests))

    def audit(self, *, subject: str, role: str | None, state: str | None, what: str,
              status: int, at: dt.datetime, request_id: str) -> None:
        """A line in the service's audit log (read at /audit), in this transaction: a
        sign-in, a failure, a reset, a change of the second factor (`what` says which)."""
        self.session.execute(insert(audit_log), {
            "at": at, "request_id": request_id[:64], "subject": subject[:200],
            "role": role or "-", "state": state, "method": "POST", "path": what[:500],
            "status": status})


@contextmanager
def unit_of_work(session_factory: sessionmaker[Session]) -> Iterator[AccountsUnitOfWork]:
    """Commit on success, roll back on any error."""
    with transaction(session_factory) as session:
        yield AccountsUnitOfWork(session)


def with_sessions(handlers: Mapping[str, Callable]) -> dict[str, Callable[[Session, Envelope],
                                                                        None]]:
    """The consumer's map (`handler(session, event)`) from the handlers' (`handler(uow,
    event)`)."""
    return on_consumer_session(handlers, AccountsUnitOfWork)
