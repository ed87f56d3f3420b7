"""Registering a nomination the secretariat received by note verbale (DOMAIN.md,
"Nominations"): the person, one nomination per review covered, and for a focal point one
FocalPointNominated per review.
"""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.nominations.adapters.orm import (
    NominationRow,
    ParticipationRow,
    PersonRow,
    StatePartyRow,
)
from services.nominations.domain.commands import ACTIVE, FOCAL_POINT, Nominate
from shared.bus.outbox import record
from shared.context import ServiceContext
from shared.db import transaction
from shared.errors import Conflict, Unprocessable
from shared.events import new_event

log = logging.getLogger(__name__)


def nominate(ctx: ServiceContext, cmd: Nominate) -> list[NominationRow]:
    """Register the nomination for the review given, or for every review the State takes
    part in now; refused whole if any review already has an active focal point."""
    now = ctx.clock.now()
    nominated_on = cmd.nominated_on or ctx.clock.today()
    try:
        with transaction(ctx.session_factory) as session:
            reviews = _reviews_covered(session, cmd)
            if cmd.role == FOCAL_POINT:
                _refuse_second_focal_point(session, cmd.state_code, reviews)
            person = _person_for(session, cmd, now)
            rows = [NominationRow(person=person, state_code=cmd.state_code, review_id=review,
                                  role=cmd.role, status=ACTIVE, nominated_on=nominated_on,
                                  note_verbale_ref=cmd.note_verbale_ref, created_at=now)
                    for review in reviews]
            session.add_all(rows)
            session.flush()
            if cmd.role == FOCAL_POINT:
                record(session, *[_focal_point_nominated(row, now) for row in rows])
    except IntegrityError as exc:
        # the checks above passed, so a concurrent request committed first
        raise Conflict(
            f"another nomination for {cmd.state_code} was registered at the same moment; "
            "look at the State's nominations and retry if still needed", field="review_id",
        ) from exc
    log.info("person %s nominated for %s as %s in reviews %s", person.id, cmd.state_code,
             cmd.role, reviews)
    return rows


def _reviews_covered(session: Session, cmd: Nominate) -> list[int]:
    if session.get(StatePartyRow, cmd.state_code) is None:
        raise Unprocessable(f"{cmd.state_code} is not a known State party", field="state_code")
    reviews = list(session.scalars(
        select(ParticipationRow.review_id)
        .where(ParticipationRow.state_code == cmd.state_code)
        .order_by(ParticipationRow.review_id)
    ))
    if not reviews:
        raise Unprocessable(f"{cmd.state_code} takes part in no review yet", field="review_id")
    if cmd.review_id is None:
        return reviews
    if cmd.review_id not in reviews:
        raise Unprocessable(
            f"{cmd.state_code} does not take part in review {cmd.review_id}; "
            f"it takes part in {', '.join(map(str, reviews))}", field="review_id",
        )
    return [cmd.review_id]


def _refuse_second_focal_point(session: Session, state_code: str, reviews: list[int]) -> None:
    """One focal point per State and review (note, para. 8); replacing one is another
    command, which says who leaves."""
    taken = sorted(session.scalars(
        select(NominationRow.review_id).where(
            NominationRow.state_code == state_code, NominationRow.role == FOCAL_POINT,
            NominationRow.status == ACTIVE, NominationRow.review_id.in_(reviews),
        )
    ))
    if taken:
        raise Conflict(
            f"{state_code} already has an active focal point for review "
            f"{', '.join(map(str, taken))}", field="review_id", review_ids=taken,
        )


def _person_for(session: Session, cmd: Nominate, now) -> PersonRow:
    """The same State naming the same e-mail again is the same person; the latest note
    verbale's details are the ones that hold."""
    person = session.scalar(
        select(PersonRow).where(PersonRow.state_code == cmd.state_code,
                                PersonRow.email == cmd.email)
    )
    details = dict(name=cmd.name, title=cmd.title, phone=cmd.phone, gender=cmd.gender)
    if person is None:
        person = PersonRow(state_code=cmd.state_code, email=cmd.email, created_at=now,
                           **details)
        session.add(person)
    else:
        for key, value in details.items():
            setattr(person, key, value)
    return person


def _focal_point_nominated(row: NominationRow, now):
    return new_event("FocalPointNominated", {
        "nomination_id": row.id, "state_code": row.state_code, "review_id": row.review_id,
        "name": row.person.name, "email": row.person.email, "nominated_on": row.nominated_on,
    }, now)
