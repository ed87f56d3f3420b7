"""Changes to a nomination once made: a focal point replaced (the change names who leaves),
a nomination withdrawn, a person given access. The record always stays (DOMAIN.md,
"Nominations"); only its status and dates move.
"""

from __future__ import annotations

import logging

from services.nominations.adapters.orm import NominationRow
from services.nominations.adapters.unit_of_work import NominationsUnitOfWork, conflict_if_raced
from services.nominations.domain.commands import (
    ACTIVE,
    FOCAL_POINT,
    NOMINATED,
    WITHDRAWN,
    ActivateNomination,
    Nominate,
    ReplaceFocalPoint,
    WithdrawNomination,
)
from services.nominations.handlers.ending import check_not_future, end_nomination
from services.nominations.handlers.nominations import nominate_in, nominated_event, withdrawn_event
from shared.context import ServiceContext
from shared.web.errors import Conflict, NotFound, Unprocessable

log = logging.getLogger(__name__)


def replace_focal_point(ctx: ServiceContext, cmd: ReplaceFocalPoint) -> NominationRow:
    """Withdraw the focal point who leaves and nominate the one who takes over, the same
    day: NominationWithdrawn (with `replaced_by`) first, then FocalPointNominated."""
    now, today = ctx.clock.now(), ctx.clock.today()
    with conflict_if_raced(f"nomination {cmd.nomination_id} was changed at the same moment; "
                           "look at it again", field="nomination_id"), ctx.uow() as uow:
        old = current_nomination(uow, cmd.nomination_id)
        if old.role != FOCAL_POINT:
            raise Unprocessable(f"nomination {old.id} is of an {old.role}; only a focal "
                                "point is replaced, others are withdrawn",
                                field="nomination_id")
        if old.person.email == cmd.person.email:
            raise Unprocessable("the focal point cannot replace themselves", field="email")
        nominated_on = cmd.nominated_on or today
        end_nomination(old, nominated_on, cmd.reason or "replaced", now, field="nominated_on")
        uow.flush()  # frees the State's one focal-point place before the new row
        (new,) = nominate_in(uow, Nominate(
            old.state_code, FOCAL_POINT, cmd.person, old.review_id, nominated_on,
            cmd.note_verbale_ref, cmd.note_verbale_date), now, today)
        old.replaced_by = new.id
        uow.record(withdrawn_event(old, now), nominated_event(new, now))
    log.info("focal point nomination %s replaced by %s", old.id, new.id)
    return new


def withdraw_nomination(ctx: ServiceContext, cmd: WithdrawNomination) -> NominationRow:
    """The record stays, withdrawn from the day given; a focal point withdrawn without a
    successor leaves the State missing one again, and the sweep chases it."""
    with ctx.uow() as uow:
        row = current_nomination(uow, cmd.nomination_id)
        withdrawn_on = cmd.withdrawn_on or ctx.clock.today()
        check_not_future(withdrawn_on, ctx.clock.today(), "withdrawn_on")
        end_nomination(row, withdrawn_on, cmd.reason, ctx.clock.now(), field="withdrawn_on")
        uow.record(withdrawn_event(row, ctx.clock.now()))
    log.info("nomination %s (%s of %s, review %s) withdrawn on %s", row.id, row.role,
             row.state_code, row.review_id, withdrawn_on)
    return row


def activate_nomination(ctx: ServiceContext, cmd: ActivateNomination) -> NominationRow:
    """Nominated -> active; asking again changes nothing."""
    with ctx.uow() as uow:
        row = current_nomination(uow, cmd.nomination_id)
        if row.status == NOMINATED:
            row.status = ACTIVE
    return row


def current_nomination(uow: NominationsUnitOfWork, nomination_id: int) -> NominationRow:
    row = uow.nomination_for_update(nomination_id)
    if row is None:
        raise NotFound(f"nomination {nomination_id} does not exist", field="nomination_id")
    if row.status == WITHDRAWN:
        raise Conflict(f"nomination {nomination_id} was withdrawn on {row.withdrawn_on}",
                       field="nomination_id")
    return row
