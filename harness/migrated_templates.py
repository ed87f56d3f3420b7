"""Migrations run once per test process and service, not once per test.

Every test gets a new, empty database, and every app built on it runs its service's Alembic
migrations on start: about a second a test on a loaded machine, for each of several hundred
tests, the largest part of the suite's time. `install()` puts `upgrade` in its place: the
first time a process migrates a service's empty database it runs the real migrations into a
database of its own and keeps the result (a SQLite file; for PostgreSQL, what `pg_dump`
prints, data included, since migrations also seed rows); each later empty database of that
service gets a copy. A database that is not empty (an app built again on the same one, a
migration test that went to an older revision) goes through the real `upgrade`, so what the
migrations do to existing data is still tested as before.

The copies come from the same migrations in the same run, so a test sees the same schema
and rows as if it had migrated itself; only the subprocesses of the end-to-end tests, which
migrate as `make run` does, do it the long way.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import psycopg
from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import Engine, make_url

from harness.databases import postgres_database
from shared.db import migrate

_real_upgrade = migrate.upgrade
_made: dict[tuple[str, str], object] = {}
_lock = threading.Lock()
_folder = Path(tempfile.mkdtemp(prefix="revmod-templates-"))
atexit.register(shutil.rmtree, _folder, True)


def upgrade(migrations: Path, engine: Engine) -> None:
    """`shared.db.migrate.upgrade`, with an empty database filled from the process's copy."""
    dialect = engine.dialect.name
    database = engine.url.database
    if dialect not in ("sqlite", "postgresql") or database in (None, "", ":memory:") or (
            not _is_empty(engine)):
        _real_upgrade(migrations, engine)
        return
    template = _template(Path(migrations), dialect)
    engine.dispose()
    if dialect == "sqlite":
        shutil.copyfile(template, database)
    else:
        with psycopg.connect(_dsn(engine)) as connection:
            connection.execute(template)


def install() -> None:
    """Put `upgrade` wherever the real one was imported (the services' bootstraps, tests)."""
    migrate.upgrade = upgrade
    for module in list(sys.modules.values()):
        if getattr(module, "upgrade", None) is _real_upgrade:
            module.upgrade = upgrade


def _is_empty(engine: Engine) -> bool:
    if engine.dialect.name == "sqlite" and not (
            os.path.exists(engine.url.database) and os.path.getsize(engine.url.database)):
        return True
    with engine.connect() as connection:
        return not inspect(connection).get_table_names()


def _template(migrations: Path, dialect: str):
    key = (str(migrations.resolve()), dialect)
    with _lock:
        if key not in _made:
            _made[key] = _sqlite_copy(migrations) if dialect == "sqlite" else _postgres_script(
                migrations)
        return _made[key]


def _sqlite_copy(migrations: Path) -> Path:
    path = _folder / f"{migrations.parent.name}-{len(_made)}.db"
    engine = create_engine(f"sqlite:///{path}")
    _real_upgrade(migrations, engine)
    engine.dispose()
    return path


def _postgres_script(migrations: Path) -> bytes:
    with postgres_database() as url:
        engine = create_engine(url)
        _real_upgrade(migrations, engine)
        engine.dispose()
        dumped = subprocess.run(
            ["pg_dump", "--inserts", "--no-owner", "--no-privileges", "--no-comments",
             _dsn(engine)], capture_output=True, check=True, timeout=120).stdout
    # psql's own commands (`\restrict`) are not SQL; the empty search path the script sets
    # dies with the connection it runs on, which `upgrade` closes right after
    lines = [line for line in dumped.splitlines() if not line.startswith(b"\\")]
    return b"\n".join(lines)


def _dsn(engine: Engine) -> str:
    return make_url(engine.url).set(drivername="postgresql").render_as_string(
        hide_password=False)
