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
    StatePartyRow,
)
from services.nominations.adapters.unit_of_work import NominationsUnitOfWork, conflict_if_raced
from services.nominations.domain.commands import (
    EXPERT,
    FOCAL_POINT,
    NOMINATED,
    OBSERVER,
    Nominate,
    PersonDetails,
)
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
        uow.record(*[nominated_event(row, ctx.clock.now()) for row in rows])
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
    covered = _reviews_covered(uow, cmd, nominated_on)
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
    uow.flush()
    return rows


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


def _reviews_covered(uow: NominationsUnitOfWork, cmd: Nominate,
                     nominated_on: dt.date) -> list[ParticipationRow]:
    if uow.get(StatePartyRow, cmd.state_code) is None:
        raise Unprocessable(f"{cmd.state_code} is not a known State party", field="state_code")
    taking_part = uow.participations_of_state(cmd.state_code)
    current = sorted(r for r, row in taking_part.items() if row.ended_on is None)
    if cmd.review_id is None and current:
        return [taking_part[r] for r in current]
    if cmd.review_id is None:
        raise Unprocessable(f"{cmd.state_code} takes part in no review now", field="review_id")
    row = taking_part.get(cmd.review_id)
    if row is not None and row.ended_on is not None:
        raise Unprocessable(
            f"{cmd.state_code} no longer takes part in review {cmd.review_id}: "
            f"{row.replaced_by} replaced it on {row.ended_on}", field="review_id")
    if row is None:
        raise Unprocessable(
            f"{cmd.state_code} does not take part in review {cmd.review_id}; it takes part "
            f"in {', '.join(map(str, current)) or 'none'}", field="review_id")
    if row.joined_on is not None and nominated_on < row.joined_on:
        raise Unprocessable(
            f"{nominated_on} is before {cmd.state_code} was drawn into review "
            f"{cmd.review_id} on {row.joined_on}", field="nominated_on")
    return [row]


def _refuse_duplicates(uow: NominationsUnitOfWork, cmd: Nominate, reviews: list[int]) -> None:
    """One focal point per State and review (note, para. 8): replacing one is another
    command, which says who leaves. And nobody twice in the same role for one review."""
    if cmd.role == FOCAL_POINT:
        taken = sorted(r.review_id for r in uow.current_nominations(
            cmd.state_code, reviews, role=cmd.role))
        if taken:
            raise Conflict(f"{cmd.state_code} already has a focal point for review "
                           f"{', '.join(map(str, taken))}", field="review_id",
                           review_ids=taken)
    again = sorted(r.review_id for r in uow.current_nominations(
        cmd.state_code, reviews, role=cmd.role, email=cmd.person.email))
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
