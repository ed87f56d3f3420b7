"""Writing one letter as a message row: rendered in the Mission's language, addressed, and
held, pending, or skipped. Every path that writes to a State (event handlers, the reminder
run) comes through here, inside the caller's transaction; nothing here talks to SMTP.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Insert, Select, bindparam, insert, select
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
from services.notifications.adapters.outgoing.new_mail import note_new_mail
from services.notifications.domain.letters import render
from services.notifications.domain.mail import refuse_line_breaks
from services.notifications.domain.variables_json import freeze, thaw
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
    #: to a person (an account's letter), in the State's Mission's language, instead of
    #: to the Mission itself
    to: tuple[str, ...] = ()


class StateNames(Mapping):
    """The English names of the States, read from the copy as the templates ask for them
    (those the letters' variables name are read at once, in one query)."""

    def __init__(self, session: Session, *contexts: Mapping) -> None:
        self.session = session
        self.cache: dict[str, str | None] = {}
        codes = {code for context in contexts for code in _codes_in(context)}
        if codes:
            found = dict(session.execute(_names_of(), {"codes": list(codes)}).all())
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


# The statements below are built once, on first use, and bound anew on each call: built
# anew, coercing every clause, they cost a stage change a seventh of its Python calls.

@functools.cache
def _names_of() -> Select:
    return select(StateRow.code, StateRow.name).where(
        StateRow.code.in_(bindparam("codes", expanding=True)))


@functools.cache
def _keys_used() -> Select:
    return select(MessageRow.idempotency_key).where(
        MessageRow.idempotency_key.in_(bindparam("keys", expanding=True)))


@functools.cache
def _missions_of() -> Select:
    return select(MissionRow).where(MissionRow.state_code.in_(bindparam("codes", expanding=True)))


@functools.cache
def _focal_points_of() -> Select:
    return (select(FocalPointRow.state_code, FocalPointRow.review_id, FocalPointRow.email)
            .where(FocalPointRow.state_code.in_(bindparam("codes", expanding=True)),
                   FocalPointRow.review_id.in_(bindparam("reviews", expanding=True)),
                   FocalPointRow.active.is_(True))
            .order_by(FocalPointRow.nomination_id))


def compose(ctx: ServiceContext, session: Session, draft: Draft) -> int | None:
    """Write the message of `draft` and return its id, or nothing if its key was already
    used."""
    return compose_all(ctx, session, [draft])[0]


def compose_all(ctx: ServiceContext, session: Session,
                drafts: list[Draft]) -> list[int | None]:
    """Write the message of each draft, in order, and return their ids, or None for a key
    already used (also by an earlier draft of the list). The letters of one event are
    written together: one query for each thing they need (the keys used, the Missions, the
    States' names, the focal points) and one INSERT, instead of as many of each as there
    are letters."""
    used = set(session.scalars(_keys_used(), {"keys": [d.key for d in drafts]}))
    fresh = []  # the drafts to write, by position
    for i, draft in enumerate(drafts):
        if draft.key not in used:
            used.add(draft.key)
            fresh.append(i)
    ids: list[int | None] = [None] * len(drafts)
    statuses: dict[int, str] = {}
    if fresh:
        rows = _rows(ctx, session, [drafts[i] for i in fresh])
        written = session.execute(_insert_messages(), rows).scalars().all()
        for i, row, message_id in zip(fresh, rows, written, strict=True):
            ids[i], statuses[i] = message_id, row["status"]
        note_new_mail(session, [(message_id, row["state_code"])
                                for row, message_id in zip(rows, written, strict=True)
                                if row["status"] == PENDING])
    for i, (draft, message_id) in enumerate(zip(drafts, ids, strict=True)):
        if message_id is None:
            log.info("message %s already exists; cause %s, nothing written", draft.key,
                     draft.cause_event_id)
        else:
            log.info("message %s (%s, %s) for %s, cause %s correlation %s", message_id,
                     draft.kind, statuses[i], draft.state_code, draft.cause_event_id,
                     draft.correlation_id)
    return ids


@functools.cache
def _insert_messages() -> Insert:
    """The rows in one statement, their ids back in the order given. A Core insert: the
    ORM's unit of work cost more than the statement itself, and no caller needs the
    objects."""
    table = MessageRow.__table__
    return insert(table).returning(table.c.id, sort_by_parameter_order=True)


def _rows(ctx: ServiceContext, session: Session, drafts: list[Draft]) -> list[dict]:
    """The message rows of `drafts`, rendered and addressed."""
    missions = {m.state_code: m for m in session.scalars(
        _missions_of(), {"codes": list({d.state_code for d in drafts})})}
    names = StateNames(session, *(d.context for d in drafts))
    focal_points = _focal_points(session, drafts)
    rows = []
    for draft in drafts:
        mission = missions.get(draft.state_code)
        letter = render(draft.kind, mission.language if mission else None, draft.context,
                        names)
        now = ctx.clock.now()
        rows.append({
            "idempotency_key": draft.key, "kind": draft.kind, "state_code": draft.state_code,
            "review_id": draft.review_id,
            "recipients": list(draft.to) if draft.to else list(mission.emails) if mission
            else [],
            "cc": copies(ctx, draft, focal_points), "language": letter.language,
            "subject": letter.subject, "body_text": letter.body, "body_html": letter.html,
            "render_context": freeze(draft.context), "cause_event_id": draft.cause_event_id,
            "correlation_id": draft.correlation_id,
            "status": SKIPPED if draft.skip_reason else PENDING if mission or draft.to
            else HELD,
            "attempts": 0, "next_attempt_at": None if draft.skip_reason else now,
            "last_error": draft.skip_reason, "smtp_message_id": None, "created_at": now,
            "sent_at": None,
        })
    return rows


def _focal_points(session: Session, drafts: list[Draft]) -> dict[tuple[str, int], list[str]]:
    """The active focal points' addresses of each (State, review) the drafts copy, in the
    order they were nominated."""
    wanted = {(d.state_code, d.review_id) for d in drafts
              if d.copy_focal_points and d.review_id is not None}
    found: dict[tuple[str, int], list[str]] = {pair: [] for pair in wanted}
    if wanted:
        rows = session.execute(_focal_points_of(), {
            "codes": list({code for code, _ in wanted}),
            "reviews": list({review for _, review in wanted})})
        for code, review, email in rows:
            if (code, review) in found:
                found[(code, review)].append(email)
    return found


def copies(ctx: ServiceContext, draft: Draft,
           focal_points: dict[tuple[str, int], list[str]]) -> list[str]:
    """Cc: the State's focal point for the review, and the secretariat on escalation."""
    cc: list[str] = []
    if draft.copy_focal_points and draft.review_id is not None:
        cc += focal_points[(draft.state_code, draft.review_id)]
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
