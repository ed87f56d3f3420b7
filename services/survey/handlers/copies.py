"""The survey service's own copies, from the events of the others: each State party's
regional group (from lots), which groups the results, and each State's focal points and
governmental experts in office (from nominations), whom a survey's opening invites. The
consumer hands each event once (its inbox)."""

from __future__ import annotations

import functools
import logging

from services.survey.adapters.orm import PersonRow, StateRow
from services.survey.adapters.unit_of_work import SurveyUnitOfWork
from shared.events import Envelope

log = logging.getLogger(__name__)

ROLES = {"FocalPointNominated": "focal_point", "ExpertNominated": "expert"}


def event_handlers(ctx) -> dict:
    """One handler per event type in the topology's SUBSCRIPTIONS, each `handler(uow,
    event)`."""
    handlers = {"StatePartyRegistered": record_state, "StatePartyUpdated": record_state,
                "FocalPointNominated": record_person, "ExpertNominated": record_person,
                "NominationWithdrawn": record_withdrawal}
    return {name: functools.partial(fn, ctx) for name, fn in handlers.items()}


def record_state(ctx, uow: SurveyUnitOfWork, event: Envelope) -> None:
    p = event.payload
    row = uow.get(StateRow, p["code"])
    if row is None:
        uow.add(StateRow(code=p["code"], name=p["name"], regional_group=p["regional_group"]))
    else:
        row.name, row.regional_group = p["name"], p["regional_group"]
    log.info("state %s recorded from %s %s", p["code"], event.type, event.id)


def record_person(ctx, uow: SurveyUnitOfWork, event: Envelope) -> None:
    p = event.payload
    if uow.get(PersonRow, p["nomination_id"]) is not None:
        return  # the same nomination heard again
    uow.add(PersonRow(nomination_id=p["nomination_id"], state_code=p["state_code"],
                      role=ROLES[event.type], name=p["name"], email=p["email"].lower(),
                      withdrawn_on=None))
    log.info("%s of %s recorded from %s %s", ROLES[event.type], p["state_code"], event.type,
             event.id)


def record_withdrawal(ctx, uow: SurveyUnitOfWork, event: Envelope) -> None:
    person = uow.get(PersonRow, event.payload["nomination_id"])
    if person is not None and person.withdrawn_on is None:
        person.withdrawn_on = event.payload["withdrawn_on"]
        log.info("nomination %s withdrawn (%s)", person.nomination_id, event.id)
