"""The deliverer: a worker part that sends the pending messages over SMTP and records how
each attempt ended.

Send, then mark: the row is marked sent (with NotificationSent in the outbox, in the same
transaction) only after the server accepted the message. Marking first would lose the mail
if the process died before sending. The price is one window for a duplicate: a crash (or a
lost database) between the server's "250" and the commit sends the message again on the next
round. It carries the same Message-ID (derived from the idempotency key), so a receiving
system that deduplicates on Message-ID drops the copy.

On PostgreSQL the row is locked (FOR UPDATE SKIP LOCKED) while it is being sent, so two
workers never send the same message; SQLite runs a single worker on one machine.
"""

from __future__ import annotations

import logging
import threading

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from services.notifications.adapters.orm import FAILED, PENDING, SENT, MessageRow
from services.notifications.adapters.smtp import SmtpFailure, SmtpMailer, classify
from services.notifications.domain.mail import build_email, message_id_for
from services.notifications.domain.retry import next_attempt
from shared.bus.outbox import record
from shared.context import ServiceContext
from shared.db import transaction
from shared.events import new_event

log = logging.getLogger(__name__)


class Deliverer:
    def __init__(self, ctx: ServiceContext, mailer: SmtpMailer, *, batch_size: int = 50) -> None:
        self.ctx = ctx
        self.mailer = mailer
        self.batch_size = batch_size
        self.poll_seconds = ctx.settings.delivery_poll_seconds

    def run(self, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                self.deliver_due(stop)
            except SQLAlchemyError as exc:
                log.warning("deliverer cannot reach its database, will retry: %r", exc)
            except Exception:
                log.exception("deliverer round failed; next round in %ss", self.poll_seconds)
            stop.wait(self.poll_seconds)

    def deliver_due(self, stop: threading.Event | None = None) -> int:
        """Try every message whose time has come; return how many were tried."""
        now = self.ctx.clock.now()
        with self.ctx.session_factory() as session:
            due = list(session.scalars(
                select(MessageRow.id)
                .where(MessageRow.status == PENDING, MessageRow.next_attempt_at <= now)
                .order_by(MessageRow.next_attempt_at, MessageRow.id)
                .limit(self.batch_size)
            ))
        tried = 0
        for message_id in due:
            if stop is not None and stop.is_set():
                break
            tried += self.deliver(message_id)
        return tried

    def deliver(self, message_id: int) -> bool:
        """Send one message and record the outcome; False if it was not ours to send."""
        with transaction(self.ctx.session_factory) as session:
            row = session.scalar(
                select(MessageRow)
                .where(MessageRow.id == message_id, MessageRow.status == PENDING)
                .with_for_update(skip_locked=True)
            )
            if row is None or not row.recipients:
                return False  # another worker holds it, or it was settled meanwhile
            recipients = list(row.recipients)
            try:
                refused = self.mailer.send(self._email(row), recipients)
            except Exception as exc:  # every failure is classified; none escapes the round
                self._record_failure(session, row, classify(exc))
                return True
            self._record_sent(session, row, recipients, refused)
        return True

    def _email(self, row: MessageRow):
        return build_email(
            mail_from=self.ctx.settings.mail_from, recipients=list(row.recipients),
            subject=row.subject, body=row.body_text,
            message_id=message_id_for(row.idempotency_key), date=self.ctx.clock.now(),
        )

    def _record_sent(self, session: Session, row: MessageRow, recipients: list[str],
                     refused: dict) -> None:
        now = self.ctx.clock.now()
        detail = "; ".join(f"{r}: refused {c}" for r, (c, _m) in refused.items()) or None
        row.status, row.sent_at, row.attempts = SENT, now, row.attempts + 1
        row.recipients, row.last_error = recipients, detail
        row.smtp_message_id = message_id_for(row.idempotency_key)
        record(session, self._outcome("NotificationSent", row, detail))
        log.info("message %s sent to %s (Message-ID %s, attempt %d) cause %s correlation %s",
                 row.id, ", ".join(recipients), row.smtp_message_id, row.attempts,
                 row.cause_event_id, row.correlation_id)

    def _record_failure(self, session: Session, row: MessageRow, failure: SmtpFailure) -> None:
        now, settings = self.ctx.clock.now(), self.ctx.settings
        row.attempts += 1
        row.last_error = failure.reason
        if failure.permanent:
            row.status = FAILED
            record(session, self._outcome("NotificationFailed", row, failure.reason))
            log.error("message %s failed for good: %s; cause %s correlation %s",
                      row.id, failure.reason, row.cause_event_id, row.correlation_id)
            return
        row.next_attempt_at = next_attempt(now, row.attempts, settings.retry_seconds,
                                           settings.retry_cap_seconds)
        log.warning("message %s not sent (attempt %d): %s; next try at %s; cause %s",
                    row.id, row.attempts, failure.reason, row.next_attempt_at.isoformat(),
                    row.cause_event_id)

    def _outcome(self, type_: str, row: MessageRow, detail: str | None):
        return new_event(type_, {
            "message_id": row.id, "recipient": ",".join(row.recipients), "kind": row.kind,
            "cause_event_id": row.cause_event_id, "detail": detail,
        }, self.ctx.clock.now(), correlation_id=row.correlation_id,
            causation_id=row.cause_event_id)
