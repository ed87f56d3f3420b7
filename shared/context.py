"""What a service's app and worker are wired with, built once per process by `bootstrap`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from shared.clock import Clock, SystemClock
from shared.db.engine import make_engine, make_session_factory


@dataclass
class ServiceContext:
    settings: Any
    engine: Engine
    session_factory: sessionmaker[Session]
    clock: Clock


def bootstrap(settings, clock: Clock | None = None) -> ServiceContext:
    engine = make_engine(settings.database_url)
    return ServiceContext(
        settings=settings,
        engine=engine,
        session_factory=make_session_factory(engine),
        clock=clock or SystemClock(),
    )


def current() -> ServiceContext:
    """The context of the app serving this request (set by each service's create_app)."""
    return current_app.extensions["revmod"]
