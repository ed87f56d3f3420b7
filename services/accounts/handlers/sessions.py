"""Signing in: e-mail and password, the second factor where the account has one (the
secretariat always does), and a short-lived token for one of the person's roles. Repeated
failures are slowed, then locked, per address typed and per network address, with the same
answer whether or not an account has the address. Every outcome goes to the audit log and,
for a failure, out as SignInFailed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from services.accounts.adapters.orm import AccountRow, FailureRow
from services.accounts.adapters.unit_of_work import AccountsUnitOfWork
from services.accounts.domain.grants import Grant, choose, held
from services.accounts.domain.second_factor import accepted_step, code_digest
from services.accounts.domain.throttle import Failures, Policy, after_failure, wait_before_next
from services.accounts.handlers.origin import Origin
from shared.auth.jwt import issue
from shared.events import new_event
from shared.web.errors import DomainError, TooManyAttempts, Unauthorized

#: the one answer to a wrong address or a wrong password
REFUSED = "the e-mail address or the password is not right"


@dataclass(frozen=True)
class SignIn:
    email: str
    password: str
    code: str | None = None
    role: str | None = None
    state: str | None = None


def _policies(settings) -> dict[str, Policy]:
    lock_for = dt.timedelta(minutes=settings.lock_minutes)
    return {"email": Policy(settings.slow_after, settings.lock_after, lock_for),
            "address": Policy(settings.address_lock_after, settings.address_lock_after,
                              lock_for)}


def _failures(row: FailureRow) -> Failures:
    return Failures(row.count, row.last_at, row.locked_until)


def sign_in(ctx, command: SignIn, origin: Origin) -> dict:
    """{"token", "expires_at", "role", "state", "roles"}; Unauthorized or TooManyAttempts
    otherwise, after the failure is counted and audited."""
    now, email = ctx.clock.now(), command.email.strip().lower()
    with ctx.uow() as uow:
        outcome = _attempt(ctx, uow, command, email, origin, now)
        failed = isinstance(outcome, DomainError)
        uow.audit(subject=email, role=None if failed else outcome["role"],
                  state=None if failed else outcome["state"],
                  what="sign-in refused: " + outcome.detail if failed else "signed in",
                  status=401 if isinstance(outcome, Unauthorized) else (
                      429 if failed else 200), at=now, request_id=origin.request_id)
    if failed:
        raise outcome
    return outcome


def _attempt(ctx, uow: AccountsUnitOfWork, command: SignIn, email: str, origin: Origin,
             now: dt.datetime) -> dict | DomainError:
    policies = _policies(ctx.settings)
    rows = {"email": uow.failures(f"email:{email}"),
            "address": uow.failures(f"address:{origin.address}")}
    wait = max(wait_before_next(_failures(rows[k]), now, policies[k]) for k in rows)
    account = uow.account_by_email(email)
    account_id = account.id if account else None
    if wait > dt.timedelta(0):
        locked = any(r.locked_until and r.locked_until > now for r in rows.values())
        _failed(uow, account_id, "locked" if locked else "slowed", now)
        seconds = max(1, int(wait.total_seconds() + 0.999))
        return TooManyAttempts(f"too many attempts: try again in {seconds} s",
                               retry_after=seconds)

    def refuse(reason: str, detail: str, field: str | None = None, **extra) -> DomainError:
        for key, row in rows.items():
            counted = after_failure(_failures(row), now, policies[key])
            row.count, row.last_at, row.locked_until = (
                counted.count, counted.last_at, counted.locked_until)
        _failed(uow, account_id, reason, now)
        return Unauthorized(detail, field=field, **extra)

    if not ctx.passwords.matches(account.password_hash if account else None, command.password):
        return refuse("password", REFUSED)
    grants = [Grant(g.role, g.state_code) for g in uow.grants_of(account.id)]
    if account.totp_confirmed or any(g.role == "secretariat" for g in grants):
        if not command.code:
            # the password was right: nothing is counted, the person is asked for the code
            return Unauthorized("enter the code of your authenticator app (or a recovery "
                                "code)", field="code", second_factor=True)
        if not _second_factor_passes(ctx, uow, account, command.code, now):
            return refuse("second_factor", "the code is not right, or was already used",
                          field="code", second_factor=True)
    grant = choose(grants, command.role, command.state)
    if grant is None:
        return refuse("no_role", "this account holds no such role now" if grants else
                      "this account holds no role now: none of its nominations is current",
                      field="role")
    rows["email"].count, rows["email"].locked_until = 0, None
    if ctx.passwords.needs_rehash(account.password_hash):
        account.password_hash = ctx.passwords.hash(command.password)
    lifetime = dt.timedelta(minutes=ctx.settings.session_minutes)
    token = issue(ctx.signer(), subject=account.email, role=grant.role, state=grant.state,
                  lifetime=lifetime, now=now,
                  session={"acct": account.id, "ver": account.session_version})
    return {"token": token, "expires_at": now + lifetime, "role": grant.role,
            "state": grant.state, "roles": [{"role": g.role, "state": g.state}
                                            for g in held(grants)]}


def _second_factor_passes(ctx, uow: AccountsUnitOfWork, account: AccountRow, code: str,
                          now: dt.datetime) -> bool:
    if account.totp_secret and account.totp_confirmed:
        step = accepted_step(account.totp_secret, code, now, account.totp_last_step)
        if step is not None:
            account.totp_last_step = step
            return True
    recovery = uow.recovery_code(account.id, code_digest(code))
    if recovery is None:
        return False
    recovery.used_at = now
    uow.record(new_event("AccountChanged", {"account_id": account.id,
                                            "change": "recovery_code_used", "at": now}, now))
    return True


def _failed(uow: AccountsUnitOfWork, account_id: int | None, reason: str,
            now: dt.datetime) -> None:
    uow.record(new_event("SignInFailed", {"account_id": account_id, "reason": reason,
                                          "at": now}, now))


def renew(ctx, claims: dict) -> dict:
    """A new token for the same role, while the session and the role still hold: the
    portal renews a person's short-lived token as they go on working."""
    session = current_session(ctx, claims)
    now = ctx.clock.now()
    lifetime = dt.timedelta(minutes=ctx.settings.session_minutes)
    token = issue(ctx.signer(), subject=session["email"], role=session["role"],
                  state=session["state"], lifetime=lifetime, now=now,
                  session={"acct": claims["acct"], "ver": claims["ver"]})
    return {"token": token, "expires_at": now + lifetime, "role": session["role"],
            "state": session["state"], "roles": session["roles"]}


def current_session(ctx, claims: dict) -> dict:
    """Whether a token this service issued still holds: its account's sessions were not
    ended since (`ver`), and its role is still held. The portal asks at every page, so a
    withdrawn nomination signs its holder out of that role on the next one."""
    if not isinstance(claims.get("acct"), int):
        raise Unauthorized("this token was not issued by signing in")
    with ctx.uow() as uow:
        account = uow.get(AccountRow, claims["acct"])
        if account is None or account.session_version != claims.get("ver"):
            raise Unauthorized("this session has ended: sign in again")
        grants = [Grant(g.role, g.state_code) for g in uow.grants_of(account.id)]
        if Grant(claims["role"], claims.get("state")) not in grants:
            raise Unauthorized("this role has ended (its nomination was withdrawn): sign in "
                               "again", field="role")
        return {"email": account.email, "role": claims["role"], "state": claims.get("state"),
                "roles": [{"role": g.role, "state": g.state} for g in held(grants)],
                "second_factor": account.totp_confirmed}
