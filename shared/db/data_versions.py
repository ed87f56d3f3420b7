"""A version number per table, moved on by every committed change to that table.

A web process keeps the pages of a list it has already served (shared/web/page_cache.py) and
must know, on each request, whether they are still the truth, whichever process wrote in
the meantime: the other gunicorn workers, the worker's event handlers, its sweeps. One
indexed read of the table's version tells it.

The version is kept by triggers in the database, not by the code that writes: every write
path, today's and tomorrow's, moves it in its own transaction, and nothing can forget to.
On PostgreSQL the trigger is deferred to the commit: a transaction takes the version row's
lock only as its very last step, after every row lock it needs, so two writers can never
wait for each other through it (an immediate trigger would let a sweep that updates review
A then B deadlock with a request that updates B then A). SQLite has one writer at a time.
A later SQLite batch migration that rebuilds a versioned table drops its triggers with it:
it must create them again.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, MetaData, String, Table, bindparam, select
from sqlalchemy.engine import Connection


def _columns() -> list[Column]:
    return [Column("name", String(63), primary_key=True),
            Column("version", BigInteger, nullable=False)]


data_versions = Table("data_versions", MetaData(), *_columns())

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = TG_TABLE_NAME;
    RETURN NULL;
END $$
"""
_SQLITE_OPERATIONS = ("INSERT", "UPDATE", "DELETE")


_VERSION_OF = select(data_versions.c.version).where(data_versions.c.name == bindparam("table"))


def read_version(conn: Connection, table: str) -> int:
    return conn.scalar(_VERSION_OF, {"table": table})


def create_data_versions(op, *tables: str) -> None:
    """From a service's migration: the versions table, and a trigger on each table."""
    op.create_table("data_versions", *_columns())
    op.bulk_insert(data_versions, [{"name": table, "version": 0} for table in tables])
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        op.execute(_PG_FUNCTION)
    for table in tables:
        if postgres:
            op.execute(f"CREATE CONSTRAINT TRIGGER {table}_data_version "
                       f"AFTER INSERT OR UPDATE OR DELETE ON {table} "
                       "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
                       "EXECUTE FUNCTION bump_data_version()")
        else:
            create_sqlite_triggers(op, table)


def create_sqlite_triggers(op, table: str) -> None:
    """The SQLite triggers of `table`, unless they are there: what a batch migration that
    rebuilt the table must call again."""
    for operation in _SQLITE_OPERATIONS:
        op.execute(f"CREATE TRIGGER IF NOT EXISTS {table}_data_version_{operation.lower()} "
                   f"AFTER {operation} ON {table} BEGIN UPDATE data_versions "
                   f"SET version = version + 1 WHERE name = '{table}'; END")


def drop_data_versions(op, *tables: str) -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table in tables:
        if postgres:
            op.execute(f"DROP TRIGGER {table}_data_version ON {table}")
        else:
            for operation in _SQLITE_OPERATIONS:
                op.execute(f"DROP TRIGGER {table}_data_version_{operation.lower()}")
    if postgres:
        op.execute("DROP FUNCTION bump_data_version()")
    op.drop_table("data_versions")
