"""An in-memory unit of work for the accounts handlers: the reads of adapters/unit_of_work.py
answered from rows kept by class and key, the audit lines written, and the events of each
committed transaction; and a context around it with a signing key of its own."""

from __future__ import annotations

import datetime as dt

from services.accounts.adapters.hashing import Passwords, common_passwords
from services.accounts.adapters.orm import (
    AccountRow,
    FailureRow,
    GrantRow,
    LinkRow,
    RecoveryCodeRow,
)
from services.accounts.bootstrap import AccountsContext
from services.accounts.settings import Settings
from shared.auth.jwt import JwtConfig
from shared.clock import FixedClock
from tests.support.fake_unit_of_work import FakeUnitOfWork as SharedFake
from tests.support.keys import new_keys


class FakeUnitOfWork(SharedFake):
    keys = {FailureRow: "key"}

    def __init__(self) -> None:
        super().__init__()
        #: the audit lines, as `audit` was called (kept whether or not the work failed)
        self.audited: list[dict] = []

    def account_by_email(self, email):
        return next((a for a in self.rows[AccountRow].values() if a.email == email.lower()),
                    None)

    def account_for_update(self, account_id):
        return self.rows[AccountRow].get(account_id)

    def grants_of(self, account_id):
        return [g for g in self.rows[GrantRow].values()
                if g.account_id == account_id and g.ended_at is None]

    def grant_of_nomination(self, nomination_id):
        return next((g for g in self.rows[GrantRow].values()
                     if g.nomination_id == nomination_id), None)

    def link_for_update(self, digest):
        return next((k for k in self.rows[LinkRow].values() if k.token_digest == digest), None)

    def has_open_link(self, account_id, purpose, now):
        return any(k.account_id == account_id and k.purpose == purpose and k.used_at is None
                   and k.expires_at > now for k in self.rows[LinkRow].values())

    def end_open_links(self, account_id, purpose, now):
        for link in self.rows[LinkRow].values():
            if (link.account_id, link.purpose, link.used_at) == (account_id, purpose, None):
                link.used_at = now

    def failures(self, key):
        row = self.rows[FailureRow].get(key)
        if row is None:
            row = FailureRow(key=key, count=0)
            self.add(row)
        return row

    def recovery_code(self, account_id, digest):
        return next((c for c in self.rows[RecoveryCodeRow].values()
                     if (c.account_id, c.code_digest, c.used_at) == (account_id, digest, None)),
                    None)

    def replace_recovery_codes(self, account_id, digests):
        rows = self.rows[RecoveryCodeRow]
        for key in [k for k, c in rows.items() if c.account_id == account_id]:
            del rows[key]
        self.add(*(RecoveryCodeRow(account_id=account_id, code_digest=d) for d in digests))

    def audit(self, *, subject, role, state, what, status, at, request_id):
        self.audited.append({"subject": subject, "role": role, "state": state, "what": what,
                             "status": status, "at": at, "request_id": request_id})


def fake_context(now: dt.datetime, **settings) -> tuple[AccountsContext, FakeUnitOfWork,
                                                         JwtConfig]:
    """The context on the fake, argon2 at its lowest cost, and the verifier of its tokens."""
    uow = FakeUnitOfWork()
    verifier, signer = new_keys()
    ctx = AccountsContext(
        settings=Settings(service="accounts", database_url="sqlite://", signer=signer,
                          portal_url="http://portal.example", **settings),
        engine=None, session_factory=None, clock=FixedClock(now), uow=uow,
        passwords=Passwords(time_cost=1, memory_kib=1024), common_passwords=common_passwords())
    return ctx, uow, verifier
