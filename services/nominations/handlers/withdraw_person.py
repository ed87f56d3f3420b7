"""The secretariat's bulk work (issue 18, item 7): a person withdrawn from every review
they serve in, in one request and one transaction, one NominationWithdrawn per nomination
ended; their nominations for every review of the State end too, so that no review the
State is drawn into later names them.
"""

from __future__ import annotations

import datetime as dt
import logging

from services.nominations.adapters.orm import NominationRow, PersonRow
from services.nominations.adapters.unit_of_work import NominationsUnitOfWork
from services.nominations.domain.commands import WithdrawPerson
from services.nominations.handlers.ending import check_not_future, end_nomination
from services.nominations.handlers.nominations import withdrawn_event
from shared.context import ServiceContext
from shared.web.errors import Conflict, NotFound, Unprocessable

log = logging.getLogger(__name__)


def withdraw_person(ctx: ServiceContext, cmd: WithdrawPerson) -> list[NominationRow]:
    """Refused whole (nothing ended) if any nomination began after the day given."""
    now, today = ctx.clock.now(), ctx.clock.today()
    withdrawn_on = cmd.withdrawn_on or today
    check_not_future(withdrawn_on, today, "withdrawn_on")
    with ctx.uow() as uow:
        person = uow.get(PersonRow, cmd.person_id)
        if person is None:
            raise NotFound(f"person {cmd.person_id} does not exist", field="person_id")
        ended = end_every_nomination(uow, person, cmd.role, withdrawn_on, cmd.reason, now)
        if not ended:
            raise Conflict(f"person {person.id} holds no nomination"
                           + (f" as {cmd.role}" if cmd.role else "") + " to withdraw",
                           field="person_id")
        uow.record(*[withdrawn_event(row, now) for row in ended])
    log.info("person %s withdrawn on %s from %s nominations", person.id, withdrawn_on,
             len(ended))
    return ended


def end_every_nomination(uow: NominationsUnitOfWork, person: PersonRow, role: str | None,
                         on: dt.date, reason: str | None,
                         now: dt.datetime) -> list[NominationRow]:
    """End the person's current nominations (in a role) and their standing ones; the
    ended nominations, for the caller to announce."""
    ended = uow.nominations_of_person_for_update(person.id, role)
    latest = max(ended, key=lambda row: row.nominated_on, default=None)
    if latest is not None and on < latest.nominated_on:  # checked before anything ends
        raise Unprocessable(f"{on} is before the nomination of {latest.nominated_on} "
                            f"(review {latest.review_id})", field="withdrawn_on")
    for row in ended:
        end_nomination(row, on, reason, now, field="withdrawn_on")
    for standing in uow.standing_nominations(person.state_code):
        if standing.person_id == person.id and role in (None, standing.role):
            standing.withdrawn_on = on
    uow.flush()
    return ended
