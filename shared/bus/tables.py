"""The outbox and inbox tables that every service's database holds beside its own tables.

They belong to each service's schema (its Alembic migration creates them through
`create_messaging_tables`); the relay and the consumer use them through Core.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

# BigInteger on PostgreSQL, but INTEGER on SQLite so that it stays the rowid alias
_BigId = BigInteger().with_variant(Integer(), "sqlite")

def _outbox_columns() -> list[Column]:
    return [
        Column("id", _BigId, primary_key=True, autoincrement=True),
        Column("event_id", String(36), nullable=False, unique=True),
        Column("event_type", String(80), nullable=False),
        Column("routing_key", String(120), nullable=False),
        Column("correlation_id", String(36), nullable=True),
        Column("body", Text, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("sent_at", DateTime(timezone=True), nullable=True, index=True),
    ]


def _inbox_columns() -> list[Column]:
    return [
        Column("event_id", String(36), primary_key=True),
        Column("event_type", String(80), nullable=False),
        Column("handled_at", DateTime(timezone=True), nullable=False),
    ]


outbox = Table("outbox", metadata, *_outbox_columns())
inbox = Table("inbox", metadata, *_inbox_columns())


def create_messaging_tables(op) -> None:
    """Called from each service's first migration."""
    op.create_table("outbox", *_outbox_columns())
    op.create_table("inbox", *_inbox_columns())
