"""Invitations and password resets: a single-use link sent by e-mail (through the
notifications service, which hears AccountInvited), and what happens when it is used."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from services.accounts.adapters.orm import AccountRow, LinkRow
from services.accounts.adapters.unit_of_work import AccountsUnitOfWork
from services.accounts.domain.links import INVITATION, RESET, link_digest, new_link_token
from services.accounts.domain.passwords import password_problem
from services.accounts.handlers.origin import Origin
from shared.events import Envelope, new_event
from shared.web.errors import Conflict, Unprocessable


def send_link(ctx, uow: AccountsUnitOfWork, account: AccountRow, purpose: str,
              state_code: str | None, cause: Envelope | None = None) -> str:
    """A new link for the account (an earlier one of the same purpose stops working), and
    the letter that carries it; the token, which only the letter holds."""
    now = ctx.clock.now()
    hours = ctx.settings.invitation_hours if purpose == INVITATION else ctx.settings.reset_hours
    token = new_link_token()
    uow.end_open_links(account.id, purpose, now)
    expires = now + dt.timedelta(hours=hours)
    uow.add(LinkRow(account_id=account.id, purpose=purpose, token_digest=link_digest(token),
                    expires_at=expires))
    page = "welcome" if purpose == INVITATION else "reset"
    payload = {"account_id": account.id, "email": account.email, "name": account.name,
               "state_code": state_code, "purpose": purpose, "expires_at": expires,
               "link": f"{ctx.settings.portal_url}/{page}?{urlencode({'token': token})}"}
    uow.record(cause.caused("AccountInvited", payload, now) if cause
               else new_event("AccountInvited", payload, now))
    return token


def use_link(ctx, token: str, password: str, origin: Origin) -> dict:
    """Set the password through a link: once, before it expires; a link that was altered,
    used or expired, or a password below the policy, changes nothing."""
    now = ctx.clock.now()
    with ctx.uow() as uow:
        link = uow.link_for_update(link_digest(token.strip()))
        if link is None:
            raise Unprocessable("this link is not valid: use the whole link of the letter",
                                field="token")
        if link.used_at is not None:
            raise Conflict("this link was already used: sign in, or ask for a new one",
                           field="token")
        if link.expires_at <= now:
            raise Unprocessable("this link has expired: ask for a new one", field="token")
        account = uow.account_for_update(link.account_id)
        if problem := password_problem(password, email=account.email,
                                       min_length=ctx.settings.min_password_length,
                                       common=ctx.common_passwords):
            raise Unprocessable(problem, field="password")
        link.used_at = now
        account.password_hash = ctx.passwords.hash(password)
        account.session_version += 1  # a reset ends every open session
        if link.purpose == INVITATION and account.activated_at is None:
            account.activated_at = now
            uow.record(new_event("AccountActivated", {"account_id": account.id,
                                                      "activated_at": now}, now))
        else:
            uow.record(new_event("AccountChanged", {
                "account_id": account.id, "change": "password_reset", "at": now}, now))
        uow.audit(subject=account.email, role=None, state=None, status=200, at=now,
                  what=f"password set through an {link.purpose} link"
                  if link.purpose == INVITATION else "password set through a reset link",
                  request_id=origin.request_id)
        return {"email": account.email, "second_factor": account.totp_confirmed}


def ask_for_reset(ctx, email: str, origin: Origin) -> None:
    """A reset link by e-mail, if an activated account has the address; the answer is the
    same whether or not one has, and so is the audit line."""
    now = ctx.clock.now()
    with ctx.uow() as uow:
        account = uow.account_by_email(email.strip())
        if account is not None and account.password_hash is not None:
            states = {g.state_code for g in uow.grants_of(account.id)}
            send_link(ctx, uow, account, RESET, next(iter(sorted(s for s in states if s)),
                                                      None))
        uow.audit(subject=email.strip().lower(), role=None, state=None, status=202, at=now,
                  what="password reset asked for", request_id=origin.request_id)
