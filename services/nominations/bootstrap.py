"""The nominations service's context: built once per process (web app, worker, command line) from
its Settings, with every adapter it needs wired in: the database and the unit of work its
handlers write through."""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

from services.nominations.adapters.unit_of_work import NominationsUnitOfWork, unit_of_work
from services.nominations.settings import Settings
from shared.clock import Clock
from shared.context import ServiceContext, open_database
from shared.db.migrate import upgrade

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


@dataclass
class NominationsContext(ServiceContext):
    settings: Settings
    #: a new transaction for a handler (the unit of work, its tables and its outbox)
    uow: Callable[[], AbstractContextManager[NominationsUnitOfWork]]


def bootstrap(settings: Settings | None = None, clock: Clock | None = None) -> NominationsContext:
    database = open_database(settings or Settings.from_env(), clock)
    return NominationsContext(**database,
                              uow=functools.partial(unit_of_work, database["session_factory"]))


def migrate(ctx: ServiceContext) -> None:
    """Bring the service's database to the head of its own migrations."""
    upgrade(MIGRATIONS, ctx.engine)
