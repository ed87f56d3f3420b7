"""The deliverer: a worker part that sends the pending messages over SMTP and records how
each attempt ended.

Send, then mark: the row is marked sent (with NotificationSent in the outbox, in the same
transaction) only after the server accepted the message. Marking first would lose the mail
if the process died before sending. The price is one window for a duplicate: a crash (or a
lost database) between the server's "250" and the commit sends the message again on the next
round. It carries the same Message-ID (derived from the idempotency key), so a receiving
system that deduplicates on Message-ID drops the copy.

A round sends the letters of different Missions at once, each Mission's on one sender
(`senders` threads, each with an SMTP connection of its own, kept between rounds): the
letters of one stage change go to three or more Missions, and one after another they
waited for each other's SMTP round trips. One Mission's letters stay in order on one sender.

On PostgreSQL the row is locked (FOR UPDATE SKIP LOCKED) while it is being sent, so two
workers never send the same message; SQLite runs a single worker on one machine. The
Mission's row is locked first (record_mission_contact takes the same two locks in the same
order): that serialises the sends to one Mission, which the daily cap counts on.

The daily cap: a Mission that has received `daily_cap` messages today gets the rest
tomorrow (they stay pending, due at midnight UTC), so no bug or flood of events can spam it;
nothing is dropped.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import Connection, Row
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from services.notifications.adapters.orm import FAILED, SENT
from services.notifications.adapters.outgoing import message_rows
from services.notifications.adapters.outgoing.new_mail import NewMailSignal
from services.notifications.adapters.smtp import SmtpFailure, SmtpMailer, classify
from services.notifications.adapters.smtp_pool import SessionPool
from services.notifications.domain.mail import build_email, message_id_for
from services.notifications.domain.retry import next_attempt
from shared.bus.outbox import record
from shared.context import ServiceContext
from shared.db.engine import is_postgres, transaction
from shared.events import new_event
from shared.liveness import UNWATCHED

log = logging.getLogger(__name__)

class Deliverer:
    pulse = UNWATCHED  # run_parts gives each deliverer its own

    def __init__(self, ctx: ServiceContext, mailer: SmtpMailer, *, batch_size: int = 50) -> None:
        self.ctx = ctx
        self.mailer = mailer
        self.batch_size = batch_size
        self.poll_seconds = ctx.settings.delivery_poll_seconds
        self.sessions = SessionPool(mailer, ctx.settings.smtp_idle_seconds)
        self.senders = ThreadPoolExecutor(ctx.settings.senders, thread_name_prefix="sender")
        self.new_mail = NewMailSignal(ctx.session_factory)
        #: SQLite has one writer at a time and no row locks: nothing to take there
        self.lock_missions = is_postgres(ctx.engine)

    def run(self, stop: threading.Event) -> None:
        """Rounds one after the other: at once when a commit in this process announced new
        mail (that mail is sent, and nothing is asked of the database), and at least every
        `poll_seconds` a round that asks what is due (retries, other writers)."""
        look_at = 0.0  # the first round asks
        try:
            while not stop.is_set():
                announced = self.new_mail.take()
                try:
                    with self.pulse.working():
                        if time.monotonic() >= look_at:
                            look_at = time.monotonic() + self.poll_seconds
                            self.deliver_due(stop)
                        else:
                            self.deliver_these(announced, stop)
                except SQLAlchemyError as exc:
                    log.warning("deliverer cannot reach its database, will retry: %r", exc)
                except Exception:
                    log.exception("deliverer round failed; next round in %ss",
                                  self.poll_seconds)
                self.new_mail.wait(max(0.0, look_at - time.monotonic()), stop)
                self.sessions.close_idle()
        finally:
            self.close()

    def close(self) -> None:
        """Let the senders finish and close their SMTP connections."""
        self.senders.shutdown()
        self.sessions.close_all()

    def deliver_due(self, stop: threading.Event | None = None) -> int:
        """Try every message whose time has come; return how many were tried."""
        # one read, no transaction to open and roll back: two round trips less on PostgreSQL
        # before each round (every claim reads the row again, locked)
        with self.ctx.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            due = message_rows.due(conn, self.ctx.clock.now(), self.batch_size)
        return self.deliver_these(due, stop)

    def deliver_these(self, messages: list[tuple[int, str]],
                      stop: threading.Event | None = None) -> int:
        """Try these messages (id, State), the Missions at once; return how many were tried.
        The round ends when every sender is done, so a Mission's letters are never on two
        senders (the daily cap counts on it)."""
        by_mission: dict[str, list[int]] = {}
        for message_id, state_code in messages:
            by_mission.setdefault(state_code, []).append(message_id)
        rounds = [self.senders.submit(self._deliver_to, state_code, ids, stop)
                  for state_code, ids in by_mission.items()]
        return sum(sent.result() for sent in rounds)

    def _deliver_to(self, state_code: str, message_ids: list[int],
                    stop: threading.Event | None) -> int:
        """One Mission's due messages, in order, on one SMTP connection."""
        tried = 0
        with self.sessions.lend() as mailer:
            for message_id in message_ids:
                if stop is not None and stop.is_set():
                    break
                tried += self.deliver(message_id, state_code, mailer)
                self.pulse.still_working()  # a round of many letters is alive while they go
        return tried

    def deliver(self, message_id: int, state_code: str | None = None, mailer=None) -> bool:
        """Send one message and record the outcome; False if it was not ours to send."""
        mailer = mailer or self.mailer
        with transaction(self.ctx.session_factory) as session:
            conn = session.connection()
            if state_code is None:
                state_code = message_rows.state_of(conn, message_id)
            if self.lock_missions:
                message_rows.lock_mission(conn, state_code)
            row = message_rows.claim(conn, message_id, state_code, self.ctx.clock.today())
            if row is None or not row.recipients:
                return False  # another worker holds it, or it was settled meanwhile
            if self._defer_over_cap(conn, row):
                return True
            recipients = list(dict.fromkeys([*row.recipients, *(row.cc or [])]))
            try:
                refused = mailer.send(self._email(row), recipients)
            except Exception as exc:  # every failure is classified; none escapes the round
                self._record_failure(session, row, classify(exc))
                return True
            self._record_sent(session, row, recipients, refused)
        return True

    def _email(self, row: Row):
        return build_email(
            mail_from=self.ctx.settings.mail_from, recipients=list(row.recipients),
            cc=list(row.cc or []), subject=row.subject, body=row.body_text, html=row.body_html,
            message_id=message_id_for(row.idempotency_key), date=self.ctx.clock.now(),
        )

    def _defer_over_cap(self, conn: Connection, row: Row) -> bool:
        """Keep the message for tomorrow if its Mission had its fill of mail today."""
        cap = self.ctx.settings.daily_cap
        tomorrow = dt.datetime.combine(self.ctx.clock.today(), dt.time(),
                                       tzinfo=dt.UTC) + dt.timedelta(days=1)
        if row.sent_today < cap:
            return False
        message_rows.mark(conn, row.id, next_attempt_at=tomorrow, last_error=(
            f"{row.sent_today} messages already sent to this Mission today (the daily limit "
            f"is {cap}); kept for {tomorrow.date().isoformat()}"))
        log.warning("message %s for %s deferred to %s: daily limit %d reached; cause %s",
                    row.id, row.state_code, tomorrow.isoformat(), cap, row.cause_event_id)
        return True

    def _record_sent(self, session: Session, row: Row, recipients: list[str],
                     refused: dict) -> None:
        detail = "; ".join(f"{r}: refused {c}" for r, (c, _m) in refused.items()) or None
        smtp_message_id = message_id_for(row.idempotency_key)
        message_rows.mark(session.connection(), row.id, status=SENT, sent_at=self.ctx.clock.now(),
                      attempts=row.attempts + 1, last_error=detail,
                      smtp_message_id=smtp_message_id)
        record(session, self._outcome("NotificationSent", row, detail))
        # the Mission's State and how many addresses, never the addresses (personal data)
        log.info("message %s for %s sent to %d address(es) (Message-ID %s, attempt %d) "
                 "cause %s correlation %s", row.id, row.state_code, len(recipients),
                 smtp_message_id, row.attempts + 1, row.cause_event_id, row.correlation_id)

    def _record_failure(self, session: Session, row: Row, failure: SmtpFailure) -> None:
        now, settings, attempts = self.ctx.clock.now(), self.ctx.settings, row.attempts + 1
        conn = session.connection()
        if failure.permanent:
            message_rows.mark(conn, row.id, status=FAILED, attempts=attempts,
                          last_error=failure.reason)
            record(session, self._outcome("NotificationFailed", row, failure.reason))
            log.error("message %s for %s failed for good: %s; cause %s correlation %s",
                      row.id, row.state_code, failure.loggable, row.cause_event_id,
                      row.correlation_id)
            return
        retry_at = next_attempt(now, attempts, settings.retry_seconds,
                                settings.retry_cap_seconds)
        message_rows.mark(conn, row.id, attempts=attempts, last_error=failure.reason,
                      next_attempt_at=retry_at)
        log.warning("message %s for %s not sent (attempt %d): %s; next try at %s; cause %s",
                    row.id, row.state_code, attempts, failure.loggable, retry_at.isoformat(),
                    row.cause_event_id)

    def _outcome(self, type_: str, row: Row, detail: str | None):
        return new_event(type_, {
            "message_id": row.id, "recipient": ",".join(row.recipients), "kind": row.kind,
            "cause_event_id": row.cause_event_id, "detail": detail,
        }, self.ctx.clock.now(), correlation_id=row.correlation_id,
            causation_id=row.cause_event_id)
