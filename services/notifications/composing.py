"""Writing one letter as a message row: rendered in the Mission's language, addressed, and
held, pending, or skipped. Every path that writes to a State (event handlers, the reminder
run) comes through here, inside the caller's transaction; nothing here talks to SMTP.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.notifications.adapters.orm import (
    HELD,
    PENDING,
    SKIPPED,
    FocalPointRow,
    MessageRow,
    MissionRow,
    StateRow,
)
from services.notifications.domain.frozen import freeze, thaw
from services.notifications.domain.letters import render
from services.notifications.domain.mail import refuse_line_breaks
from services.notifications.new_mail import note_new_mail
from shared.context import ServiceContext

log = logging.getLogger(__name__)


@dataclass
class Draft:
    """A letter to write: what, to which State, why, and under which idempotency key."""

    kind: str
    state_code: str
    review_id: int | None
    context: dict
    #: one message per (cause, recipient State, kind): a second draft with it writes nothing
    key: str
    cause_event_id: str
    correlation_id: str | None
    copy_focal_points: bool = False
    copy_secretariat: bool = False
    #: why it must not be sent (history being loaded), if it must not
    skip_reason: str | None = None


class StateNames(Mapping):
    """The English names of the States, read from the copy as the templates ask for them
    (those the letter's variables name are read at once, in one query)."""

    def __init__(self, session: Session, context: Mapping | None = None) -> None:
        self.session = session
        self.cache: dict[str, str | None] = {}
        codes = set(_codes_in(context)) if context else set()
        if codes:
            found = dict(session.execute(
                select(StateRow.code, StateRow.name).where(StateRow.code.in_(codes))).all())
            self.cache = {code: found.get(code) for code in codes}

    def __getitem__(self, code: str) -> str:
        if code not in self.cache:
            row = self.session.get(StateRow, code)
            self.cache[code] = row.name if row else None
        if self.cache[code] is None:
            raise KeyError(code)
        return self.cache[code]

    def __iter__(self):
        return iter(k for k, v in self.cache.items() if v is not None)

    def __len__(self) -> int:
        return sum(1 for v in self.cache.values() if v is not None)


def _codes_in(value) -> list[str]:
    """Every State code a letter's variables hold (three capital letters)."""
    if isinstance(value, str):
        return [value] if len(value) == 3 and value.isalpha() and value.isupper() else []
    if isinstance(value, Mapping):
        return [c for v in value.values() for c in _codes_in(v)]
    if isinstance(value, list | tuple):
        return [c for v in value for c in _codes_in(v)]
    return []


def exists(session: Session, key: str) -> bool:
    return session.scalar(select(MessageRow.id).where(MessageRow.idempotency_key == key)) \
        is not None


def compose(ctx: ServiceContext, session: Session, draft: Draft) -> MessageRow | None:
    """Write the message of `draft`, or nothing if its key was already used."""
    if exists(session, draft.key):
        log.info("message %s already exists; cause %s, nothing written", draft.key,
                 draft.cause_event_id)
        return None
    mission = session.get(MissionRow, draft.state_code)
    letter = render(draft.kind, mission.language if mission else None, draft.context,
                    StateNames(session, draft.context))
    now = ctx.clock.now()
    status = SKIPPED if draft.skip_reason else PENDING if mission else HELD
    message = MessageRow(
        idempotency_key=draft.key, kind=draft.kind, state_code=draft.state_code,
        review_id=draft.review_id, recipients=list(mission.emails) if mission else [],
        cc=copies(ctx, session, draft), language=letter.language, subject=letter.subject,
        body_text=letter.body, body_html=letter.html, render_context=freeze(draft.context),
        cause_event_id=draft.cause_event_id, correlation_id=draft.correlation_id,
        status=status, attempts=0, next_attempt_at=None if draft.skip_reason else now,
        last_error=draft.skip_reason, created_at=now,
    )
    session.add(message)
    session.flush()
    if status == PENDING:
        note_new_mail(session)
    log.info("message %s (%s, %s) for %s, cause %s correlation %s", message.id, draft.kind,
             status, draft.state_code, draft.cause_event_id, draft.correlation_id)
    return message


def copies(ctx: ServiceContext, session: Session, draft: Draft) -> list[str]:
    """Cc: the State's focal point for the review, and the secretariat on escalation."""
    cc: list[str] = []
    if draft.copy_focal_points and draft.review_id is not None:
        cc += session.scalars(
            select(FocalPointRow.email).where(
                FocalPointRow.state_code == draft.state_code,
                FocalPointRow.review_id == draft.review_id, FocalPointRow.active.is_(True))
            .order_by(FocalPointRow.nomination_id))
    secretariat = ctx.settings.secretariat_email
    if draft.copy_secretariat and secretariat:
        cc.append(refuse_line_breaks("Cc", secretariat))
    return list(dict.fromkeys(cc))  # once each, in order


def readdress(session: Session, message: MessageRow, mission: MissionRow) -> None:
    """A message not yet sent goes to the Mission's current addresses, written again in its
    current language if that changed (a held letter was written in English)."""
    message.recipients = list(mission.emails)
    if message.render_context is None or message.language == mission.language:
        return
    context = thaw(message.render_context)
    letter = render(message.kind, mission.language, context, StateNames(session, context))
    message.language, message.subject = letter.language, letter.subject
    message.body_text, message.body_html = letter.body, letter.html
