"""A fresh database per test or benchmark: a new PostgreSQL database (dropped after) or a
SQLite file."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg

from harness import Unreachable

PG_ADMIN_DSN = os.environ.get("REVMOD_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
PG_START = "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"


def _admin() -> psycopg.Connection:
    try:
        return psycopg.connect(PG_ADMIN_DSN, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        raise Unreachable(
            f"PostgreSQL is unreachable at {PG_ADMIN_DSN} ({exc}).\n"
            f"Start it with: {PG_START}  (or set REVMOD_TEST_PG)") from None


@contextmanager
def postgres_database() -> Iterator[str]:
    name = f"revmod_test_{uuid.uuid4().hex[:12]}"
    with _admin() as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_DSN.rsplit("/", 1)[0]
    try:
        yield f"postgresql+psycopg://{base.split('://', 1)[1]}/{name}"
    finally:
        with _admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def sqlite_database(directory) -> Iterator[str]:
    yield f"sqlite:///{directory / ('revmod-' + uuid.uuid4().hex[:8] + '.db')}"


@contextmanager
def database(backend: str, directory) -> Iterator[str]:
    if backend == "postgres":
        with postgres_database() as url:
            yield url
    else:
        with sqlite_database(directory) as url:
            yield url
