"""The second factor, offered to everyone (and the secretariat's from its first day): a
secret for the authenticator app, confirmed by a first code, and ten recovery codes shown
once. Each change goes to the audit log and out as AccountChanged."""

from __future__ import annotations

from services.accounts.adapters.orm import AccountRow
from services.accounts.domain.second_factor import (
    accepted_step,
    code_digest,
    new_recovery_codes,
    new_secret,
    provisioning_uri,
)
from services.accounts.handlers.origin import Origin
from shared.events import new_event
from shared.web.errors import Conflict, Unauthorized


def begin_enrolment(ctx, account_id: int) -> dict:
    """A new secret, not yet in force: the account's codes change only once confirmed."""
    with ctx.uow() as uow:
        account = uow.account_for_update(account_id)
        if account.totp_confirmed:
            raise Conflict("a second factor is already set up for this account")
        account.totp_secret = new_secret()
        return {"secret": account.totp_secret,
                "uri": provisioning_uri(account.totp_secret, account.email)}


def confirm_enrolment(ctx, account_id: int, code: str, origin: Origin) -> dict:
    """The first code proves the app holds the secret; the recovery codes, once."""
    now = ctx.clock.now()
    with ctx.uow() as uow:
        account = uow.account_for_update(account_id)
        step = (accepted_step(account.totp_secret, code, now, None)
                if account.totp_secret and not account.totp_confirmed else None)
        if step is None:
            raise Unauthorized("the code is not right: start again if the app was reset",
                               field="code")
        codes = enrol(uow, account, step, now)
        uow.audit(subject=account.email, role=None, state=None, status=200, at=now,
                  what="second factor enrolled", request_id=origin.request_id)
        return {"recovery_codes": codes}


def enrol(uow, account: AccountRow, step: int | None, now) -> list[str]:
    """The secret in force from `step` on, new recovery codes (returned in clear, once)."""
    codes = new_recovery_codes()
    account.totp_confirmed, account.totp_last_step = True, step
    uow.replace_recovery_codes(account.id, [code_digest(c) for c in codes])
    uow.record(new_event("AccountChanged", {"account_id": account.id,
                                            "change": "second_factor_enrolled", "at": now},
                         now))
    return codes
