"""The accounts service's letters: an invitation's or a reset's single-use link, to the
person, in their State's Mission's language (English for a State with no Mission known).
A secretariat account names no State: its link is given by the command that made it."""

from __future__ import annotations

import logging

from services.notifications.adapters.outgoing.compose import Draft
from services.notifications.adapters.unit_of_work import NotificationsUnitOfWork
from shared.context import ServiceContext
from shared.events import Envelope

log = logging.getLogger(__name__)


def send_account_link(ctx: ServiceContext, uow: NotificationsUnitOfWork,
                      event: Envelope) -> None:
    p = event.payload
    if p["state_code"] is None:
        log.info("%s %s: account %s names no State; its link went to the command that made "
                 "it", event.type, event.id, p["account_id"])
        return
    expires = p["expires_at"]
    uow.compose_all(ctx, [Draft(
        kind="account_link", state_code=p["state_code"], review_id=None,
        context={"state_code": p["state_code"], "name": p["name"], "purpose": p["purpose"],
                 "link": p["link"], "expires_on": expires.date(),
                 "expires_time": expires.strftime("%H:%M"),
                 "as_of": event.occurred_at.date()},
        key=f"{event.id}:account_link", cause_event_id=str(event.id),
        correlation_id=event.correlation_id, to=(p["email"],),
        skip_reason="history" if event.history else None)])
