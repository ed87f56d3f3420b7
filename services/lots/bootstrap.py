"""The lots service's context: built once per process (web app, worker, command line) from
its Settings, with every adapter it needs wired in."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from services.lots.settings import Settings
from shared.clock import Clock
from shared.context import ServiceContext, open_database
from shared.db.migrate import upgrade

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


@dataclass
class LotsContext(ServiceContext):
    settings: Settings


def bootstrap(settings: Settings | None = None, clock: Clock | None = None) -> LotsContext:
    return LotsContext(**open_database(settings or Settings.from_env(), clock))


def migrate(ctx: ServiceContext) -> None:
    """Bring the service's database to the head of its own migrations."""
    upgrade(MIGRATIONS, ctx.engine)
