"""The notifications service's context: built once per process (web app, worker, command
line) from its Settings, with every adapter it needs wired in: the database and the SMTP
relay the deliverer sends through."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from services.notifications.adapters.smtp import SmtpMailer
from services.notifications.settings import Settings
from shared.clock import Clock
from shared.context import ServiceContext, open_database
from shared.db.migrate import upgrade

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


@dataclass
class NotificationsContext(ServiceContext):
    settings: Settings
    mailer: SmtpMailer


def bootstrap(settings: Settings | None = None,
              clock: Clock | None = None) -> NotificationsContext:
    settings = settings or Settings.from_env()
    return NotificationsContext(**open_database(settings, clock), mailer=SmtpMailer(settings))


def migrate(ctx: ServiceContext) -> None:
    """Bring the service's database to the head of its own migrations."""
    upgrade(MIGRATIONS, ctx.engine)
