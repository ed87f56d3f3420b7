"""The accounts service's context: built once per process (web app, worker, command line)
from its Settings: the database, the unit of work, the password hasher and, in the web
process alone, the signing key (JWT_PRIVATE_KEY_FILE) that no other process holds."""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

from services.accounts.adapters.hashing import Passwords, common_passwords
from services.accounts.adapters.unit_of_work import AccountsUnitOfWork, unit_of_work
from services.accounts.settings import Settings
from shared.auth.jwt import TokenSigner
from shared.clock import Clock
from shared.context import ServiceContext, open_database
from shared.db.migrate import upgrade

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


@dataclass
class AccountsContext(ServiceContext):
    settings: Settings
    uow: Callable[[], AbstractContextManager[AccountsUnitOfWork]]
    passwords: Passwords
    common_passwords: frozenset[str]

    def signer(self) -> TokenSigner:
        """The signing key: asked for by the web process only (the worker signs nothing)."""
        signer = self.settings.token_signer()
        if signer is None:
            raise RuntimeError("the accounts service signs tokens: set JWT_PRIVATE_KEY_FILE")
        return signer


def bootstrap(settings: Settings | None = None, clock: Clock | None = None) -> AccountsContext:
    settings = settings or Settings.from_env()
    database = open_database(settings, clock)
    return AccountsContext(**database,
                           uow=functools.partial(unit_of_work, database["session_factory"]),
                           passwords=Passwords(settings.hash_time_cost, settings.hash_memory_kib),
                           common_passwords=common_passwords())


def migrate(ctx: ServiceContext) -> None:
    """Bring the service's database to the head of its own migrations."""
    upgrade(MIGRATIONS, ctx.engine)
