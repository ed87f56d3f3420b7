"""What every service's context holds, and the part of it every service opens the same way.

Each service's `bootstrap.py` builds its own typed context once per process (web app,
worker, command line): these fields, and the adapters of that service.
"""

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


def open_database(settings, clock: Clock | None = None) -> dict:
    """The fields every context has: the service's engine and sessions, and its clock."""
    engine = make_engine(settings.database_url)
    return {"settings": settings, "engine": engine,
            "session_factory": make_session_factory(engine), "clock": clock or SystemClock()}


def current() -> ServiceContext:
    """The context of the app serving this request (set by each service's create_app)."""
    return current_app.extensions["revmod"]
