"""Registering a nomination the secretariat received by note verbale (DOMAIN.md,
"Nominations"): the person, one nomination per review covered, one event per nomination.

Every check runs before anything is written, so a refusal leaves nothing behind, and the
import can run the same checks row after row inside one transaction.
"""

from __future__ import annotations

import datetime as dt
import logging

from services.nominations.adapters.orm import (
    NominationRow,
    ParticipationRow,
    PersonRow,
    StandingNominationRow,
)
from services.nominations.adapters.unit_of_work import NominationsUnitOfWork, conflict_if_raced
from services.nominations.domain.commands import (
    EXPERT,
    FOCAL_POINT,
    NOMINATED,
    OBSERVER,
    WITHDRAWN,
    Nominate,
    PersonDetails,
)
from services.nominations.handlers.covered_reviews import reviews_covered
from services.nominations.handlers.ending import end_nomination
from shared.context import ServiceContext
from shared.events import Envelope, new_event
from shared.web.errors import Conflict, Unprocessable

log = logging.getLogger(__name__)

EVENT_OF_ROLE = {FOCAL_POINT: "FocalPointNominated", EXPERT: "ExpertNominated",
                 OBSERVER: "ObserverNominated"}


def nominate(ctx: ServiceContext, cmd: Nominate) -> list[NominationRow]:
    """Register the nomination for the review given, or for every review the State takes
    part in now and those it is drawn into later (handlers/standing.py); refused whole if
    any of them refuses it."""
    with conflict_if_raced(
            f"another nomination for {cmd.state_code} was registered at the same moment; "
            "look at the State's nominations and retry if still needed", field="review_id"), \
            ctx.uow() as uow:
        rows = nominate_in(uow, cmd, ctx.clock.now(), ctx.clock.today())
        uow.record(*announced(rows, ctx.clock.now()))
    log.info("person %s nominated for %s as %s in reviews %s", rows[0].person_id,
             cmd.state_code, cmd.role, [r.review_id for r in rows])
    return rows


def nominate_in(uow: NominationsUnitOfWork, cmd: Nominate, now: dt.datetime,
                today: dt.date) -> list[NominationRow]:
    """Check, then add the person and the nominations in the unit of work (events are the
    caller's, so that a replacement can announce the withdrawal first). A nomination for
    every review also stands for the reviews the State is drawn into later."""
    nominated_on = cmd.nominated_on or today
    check_dates(nominated_on, cmd.note_verbale_date, today)
    covered = reviews_covered(uow, cmd, nominated_on)
    reviews = [p.review_id for p in covered]
    _refuse_duplicates(uow, cmd, reviews)
    person = _person_for(uow, cmd.state_code, cmd.person, now)
    if cmd.review_id is None:
        uow.add(StandingNominationRow(
            person=person, state_code=cmd.state_code, role=cmd.role,
            nominated_on=nominated_on, note_verbale_ref=cmd.note_verbale_ref,
            note_verbale_date=cmd.note_verbale_date, created_at=now))
    rows = [new_nomination(person, p, cmd.role, nominated_on, now, cmd.note_verbale_ref,
                           cmd.note_verbale_date) for p in covered]
    uow.add(*rows)
    for row, part in zip(rows, covered, strict=True):
        if part.ended_on is not None:  # a fact of the past: it held until the State left
            end_nomination(row, part.ended_on, f"{part.replaced_by} replaced "
                           f"{part.state_code} in the review on {part.ended_on}", now,
                           field="nominated_on")
    uow.flush()
    return rows


def announced(rows: list[NominationRow], now: dt.datetime,
              history: bool = False) -> list[Envelope]:
    """The events of nominations just made: each nominated, and withdrawn too where the
    State had already left the review on the day it was recorded."""
    events = []
    for row in rows:
        events.append(nominated_event(row, now, history=history))
        if row.status == WITHDRAWN:
            events.append(withdrawn_event(row, now, history=history))
    return events


def new_nomination(person: PersonRow, part: ParticipationRow, role: str,
                   nominated_on: dt.date, now: dt.datetime, note_verbale_ref: str | None,
                   note_verbale_date: dt.date | None) -> NominationRow:
    """A nomination in one review; one made before the State was drawn into the review
    (for every review, or standing) holds from the day it was drawn in."""
    return NominationRow(
        person=person, state_code=part.state_code, review_id=part.review_id, role=role,
        status=NOMINATED, nominated_on=max(nominated_on, part.joined_on or nominated_on),
        note_verbale_ref=note_verbale_ref, note_verbale_date=note_verbale_date,
        created_at=now)


def check_dates(nominated_on: dt.date, note_verbale_date: dt.date | None,
                today: dt.date) -> None:
    if nominated_on > today:
        raise Unprocessable(f"{nominated_on} is in the future", field="nominated_on")
    if note_verbale_date is not None and note_verbale_date > nominated_on:
        raise Unprocessable(f"the note verbale of {note_verbale_date} is dated after the "
                            f"nomination of {nominated_on}", field="note_verbale_date")


def _refuse_duplicates(uow: NominationsUnitOfWork, cmd: Nominate, reviews: list[int]) -> None:
    """One focal point per State and review (note, para. 8): replacing one is another
    command, which says who leaves. And nobody twice in the same role for one review."""
    current = uow.current_nominations(cmd.state_code, reviews, role=cmd.role)
    if cmd.role == FOCAL_POINT and current:
        taken = sorted(r.review_id for r in current)
        raise Conflict(f"{cmd.state_code} already has a focal point for review "
                       f"{', '.join(map(str, taken))}", field="review_id", review_ids=taken)
    again = sorted(r.review_id for r in current if r.person.email == cmd.person.email)
    if again:
        raise Conflict(f"{cmd.person.email} is already nominated as {cmd.role} for review "
                       f"{', '.join(map(str, again))}", field="email", review_ids=again)


def _person_for(uow: NominationsUnitOfWork, state_code: str, details: PersonDetails,
                now: dt.datetime) -> PersonRow:
    """The same State naming the same e-mail again is the same person; the latest note
    verbale's details hold (a phone or languages left out keep what was known)."""
    person = uow.person(state_code, details.email)
    if person is None:
        person = PersonRow(state_code=state_code, email=details.email, languages=[],
                           created_at=now)
        uow.add(person)
    person.name, person.title, person.gender = details.name, details.title, details.gender
    if details.phone is not None:
        person.phone = details.phone
    if details.languages:
        person.languages = list(details.languages)
    return person


def nominated_event(row: NominationRow, now: dt.datetime, cause: Envelope | None = None,
                    history: bool = False) -> Envelope:
    """The nomination's day in the payload; `now`, when it was recorded, on the envelope."""
    return _event(EVENT_OF_ROLE[row.role], {
        "nomination_id": row.id, "state_code": row.state_code, "review_id": row.review_id,
        "name": row.person.name, "email": row.person.email, "nominated_on": row.nominated_on,
    }, now, cause, history)


def withdrawn_event(row: NominationRow, now: dt.datetime, cause: Envelope | None = None,
                    history: bool = False) -> Envelope:
    return _event("NominationWithdrawn", {
        "nomination_id": row.id, "state_code": row.state_code, "review_id": row.review_id,
        "role": row.role, "withdrawn_on": row.withdrawn_on, "replaced_by": row.replaced_by,
        "reason": row.withdrawal_reason,
    }, now, cause, history)


def _event(type_: str, payload: dict, now: dt.datetime, cause: Envelope | None,
           history: bool) -> Envelope:
    """A follow-up keeps its cause's history mark; a command's event is marked history
    only when an import of the past caused it."""
    if cause is not None:
        return cause.caused(type_, payload, now)
    return new_event(type_, payload, now, history=history)
