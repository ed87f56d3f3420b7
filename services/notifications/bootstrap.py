"""The notifications service's context: built once per process (web app, worker, command
line) from its Settings, with every adapter it needs wired in: the database and the SMTP
relay the deliverer sends through, and the unit of work its handlers write through."""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

from services.notifications.adapters.smtp import SmtpMailer
from services.notifications.adapters.unit_of_work import NotificationsUnitOfWork, unit_of_work
from services.notifications.settings import Settings
from shared.clock import Clock
from shared.context import ServiceContext, open_database
from shared.db.migrate import upgrade

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


@dataclass
class NotificationsContext(ServiceContext):
    settings: Settings
    mailer: SmtpMailer
    #: a new transaction for a handler (the unit of work over the service's tables)
    uow: Callable[[], AbstractContextManager[NotificationsUnitOfWork]]


def bootstrap(settings: Settings | None = None,
              clock: Clock | None = None) -> NotificationsContext:
    settings = settings or Settings.from_env()
    database = open_database(settings, clock)
    return NotificationsContext(**database, mailer=SmtpMailer(settings),
                                uow=functools.partial(unit_of_work, database["session_factory"]))


def migrate(ctx: ServiceContext) -> None:
    """Bring the service's database to the head of its own migrations."""
    upgrade(MIGRATIONS, ctx.engine)
