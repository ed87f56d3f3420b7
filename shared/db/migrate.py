"""Applying a service's Alembic migrations on start, safely when web and worker start together.

The upgrade runs under a lock (a PostgreSQL advisory lock, or a file lock beside the SQLite
file), so two processes starting at once never race to create the same tables.

Each service passes its own migrations folder (its bootstrap's MIGRATIONS): shared knows no
service. `python -m services.<name>.cli migrate` runs it from the command line.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

_LOCK_KEY = 0x5245564D  # "REVM"


def alembic_config(migrations: Path, connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations))
    cfg.attributes["connection"] = connection
    return cfg


def upgrade(migrations: Path, engine: Engine) -> None:
    """Bring `engine`'s database to the head of the Alembic scripts in `migrations`."""
    with _lock(engine), engine.begin() as connection:
        command.upgrade(alembic_config(migrations, connection), "head")


@contextmanager
def _lock(engine: Engine) -> Iterator[None]:
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _LOCK_KEY})
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _LOCK_KEY})
                conn.commit()
        return
    database = engine.url.database
    in_memory = database in (None, "", ":memory:")
    lock_path = None if in_memory else Path(database + ".migrate.lock")
    if lock_path is None:
        yield
        return
    with open(lock_path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def run_env(context, target_metadata=None) -> None:
    """The body of every service's migrations/env.py: run on the connection we were given."""
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run migrations through shared.db.migrate.upgrade")
    context.configure(
        connection=connection, target_metadata=target_metadata, render_as_batch=True
    )
    with context.begin_transaction():
        context.run_migrations()
