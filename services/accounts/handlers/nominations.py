"""Accounts from the nominations, and nothing else: a nomination grants its role for its
State (a person's account is found, or made, by e-mail address, so two nominations of one
person make one account with both roles), and invites whoever has not yet set a password;
a withdrawal ends that role at once. The consumer hands each event once (its inbox)."""

from __future__ import annotations

import functools
import logging

from services.accounts.adapters.orm import AccountRow, GrantRow
from services.accounts.adapters.unit_of_work import AccountsUnitOfWork
from services.accounts.domain.grants import NOMINATED_ROLES
from services.accounts.domain.links import INVITATION
from services.accounts.handlers.links import send_link
from shared.events import Envelope

log = logging.getLogger(__name__)


def event_handlers(ctx) -> dict:
    """One handler per event type in the topology's SUBSCRIPTIONS, each `handler(uow,
    event)`."""
    handlers = {t: functools.partial(on_nominated, ctx) for t in NOMINATED_ROLES}
    return {**handlers, "NominationWithdrawn": functools.partial(on_withdrawn, ctx)}


def on_nominated(ctx, uow: AccountsUnitOfWork, event: Envelope) -> None:
    p, now = event.payload, ctx.clock.now()
    if uow.grant_of_nomination(p["nomination_id"]) is not None:
        return  # the same nomination heard again
    account = uow.account_by_email(p["email"])
    if account is None:
        account = AccountRow(email=p["email"].lower(), name=p["name"], created_at=now,
                             session_version=1, totp_confirmed=False)
        uow.add(account)
        uow.flush()
    uow.add(GrantRow(account_id=account.id, role=NOMINATED_ROLES[event.type],
                     state_code=p["state_code"], nomination_id=p["nomination_id"],
                     granted_at=now))
    # one letter for a nomination of many reviews (an event each), while its link works
    if (account.password_hash is None and not event.history
            and not uow.has_open_link(account.id, INVITATION, now)):
        send_link(ctx, uow, account, INVITATION, p["state_code"], cause=event)
    log.info("account %s holds nomination %s (%s) from %s", account.id, p["nomination_id"],
             event.type, event.id)


def on_withdrawn(ctx, uow: AccountsUnitOfWork, event: Envelope) -> None:
    grant: GrantRow | None = uow.grant_of_nomination(event.payload["nomination_id"])
    if grant is None or grant.ended_at is not None:
        return
    grant.ended_at = ctx.clock.now()
    log.info("account %s no longer holds nomination %s (%s)", grant.account_id,
             grant.nomination_id, event.id)
