"""The survey service's context: built once per process (web app, worker, command line)
from its Settings: the database and the unit of work its handlers take."""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

from services.survey.adapters.unit_of_work import SurveyUnitOfWork, unit_of_work
from services.survey.settings import Settings
from shared.clock import Clock
from shared.context import ServiceContext, open_database
from shared.db.migrate import upgrade

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


@dataclass
class SurveyContext(ServiceContext):
    settings: Settings
    uow: Callable[[], AbstractContextManager[SurveyUnitOfWork]]


def bootstrap(settings: Settings | None = None, clock: Clock | None = None) -> SurveyContext:
    settings = settings or Settings.from_env()
    database = open_database(settings, clock)
    return SurveyContext(**database,
                         uow=functools.partial(unit_of_work, database["session_factory"]))


def migrate(ctx: ServiceContext) -> None:
    """Bring the service's database to the head of its own migrations."""
    upgrade(MIGRATIONS, ctx.engine)
