"""The reviews service's context: built once per process (web app, worker, command line)
from its Settings, with every adapter it needs wired in: the database, the unit of work its
handlers write through, and the nominations service the status report asks for its
figures."""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

from services.reviews.adapters.nominations_client import NominationFigures
from services.reviews.adapters.question_bank import load_shipped_if_empty
from services.reviews.adapters.unit_of_work import ReviewsUnitOfWork, unit_of_work
from services.reviews.settings import Settings
from shared.clock import Clock
from shared.context import ServiceContext, open_database
from shared.db.migrate import upgrade

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


@dataclass
class ReviewsContext(ServiceContext):
    settings: Settings
    nominations: NominationFigures
    #: a new transaction for a handler (the unit of work, its tables and its outbox)
    uow: Callable[[], AbstractContextManager[ReviewsUnitOfWork]]


def bootstrap(settings: Settings | None = None, clock: Clock | None = None) -> ReviewsContext:
    settings = settings or Settings.from_env()
    database = open_database(settings, clock)
    return ReviewsContext(**database, nominations=NominationFigures(settings),
                          uow=functools.partial(unit_of_work, database["session_factory"]))


def migrate(ctx: ServiceContext) -> None:
    """Bring the service's database to the head of its own migrations, and give it the
    shipped question bank if it has none."""
    upgrade(MIGRATIONS, ctx.engine)
    load_shipped_if_empty(ctx.session_factory, ctx.clock.now())
