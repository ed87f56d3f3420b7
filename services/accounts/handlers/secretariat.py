"""Secretariat accounts, made by a command (IT's, on the server): the role, a second factor
from the first day (the secret printed for the authenticator app, with the recovery
codes), and an invitation link to choose the password."""

from __future__ import annotations

from services.accounts.adapters.orm import AccountRow, GrantRow
from services.accounts.domain.links import INVITATION
from services.accounts.domain.second_factor import new_secret, provisioning_uri
from services.accounts.handlers.links import send_link
from services.accounts.handlers.second_factor import enrol
from shared.web.errors import Conflict


def create_secretariat_account(ctx, email: str, name: str) -> dict:
    now = ctx.clock.now()
    with ctx.uow() as uow:
        account = uow.account_by_email(email)
        if account is None:
            account = AccountRow(email=email.lower(), name=name, created_at=now,
                                 session_version=1, totp_confirmed=False)
            uow.add(account)
            uow.flush()
        if any(g.role == "secretariat" for g in uow.grants_of(account.id)):
            raise Conflict(f"{email} is already a secretariat account", field="email")
        uow.add(GrantRow(account_id=account.id, role="secretariat", state_code=None,
                         granted_at=now))
        account.totp_secret = new_secret()
        codes = enrol(uow, account, None, now)
        token = send_link(ctx, uow, account, INVITATION, None)
        return {"token": token, "secret": account.totp_secret, "recovery_codes": codes,
                "uri": provisioning_uri(account.totp_secret, account.email)}
