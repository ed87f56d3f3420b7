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


def _refused_column() -> Column:
    """When the relay refused to publish the row, its body being over the bound (0004 or
    0005 of each service): a refused row is never taken again."""
    return Column("refused_at", DateTime(timezone=True), nullable=True)


def add_outbox_refusals(op) -> None:
    op.add_column("outbox", _refused_column())


def drop_outbox_refusals(op) -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("refused_at")


def _redeliveries_column() -> Column:
    """How many more times the event arrived after it was handled (added by 0003)."""
    return Column("redeliveries", Integer, nullable=False, server_default="0")


def _inbox_correlation_column() -> Column:
    """The correlation id of the event handled (added by each service's migration
    `add_correlations`): so that a service can say which events of one write it has
    handled (shared/web/handled.py)."""
    return Column("correlation_id", String(36), nullable=True)


outbox = Table("outbox", metadata, *_outbox_columns(), _refused_column())
inbox = Table("inbox", metadata, *_inbox_columns(), _redeliveries_column(),
              _inbox_correlation_column())


def create_messaging_tables(op) -> None:
    """Called from each service's first migration."""
    op.create_table("outbox", *_outbox_columns())
    op.create_table("inbox", *_inbox_columns())


def add_operations_tables(op, *, consumes: bool) -> None:
    """The third migration of every service: the audit log, and for a service that consumes,
    its dead letters and the count of redeliveries in its inbox."""
    from shared.bus.dead_letters import create_dead_letters_table
    from shared.web.audit import create_audit_table

    create_audit_table(op)
    if consumes:
        create_dead_letters_table(op)
    with op.batch_alter_table("inbox") as batch:
        batch.add_column(_redeliveries_column())


def drop_operations_tables(op, *, consumes: bool) -> None:
    with op.batch_alter_table("inbox") as batch:
        batch.drop_column("redeliveries")
    if consumes:
        op.drop_table("dead_letters")
    op.drop_table("audit_log")


def add_correlations(op, *, consumes: bool) -> None:
    """Each service's migration that lets it say which events of one write it caused and
    has handled: the outbox and the inbox looked up by correlation id, and for a service
    that consumes, its dead letters too."""
    from shared.bus.dead_letters import add_dead_letter_correlation

    op.create_index("ix_outbox_correlation_id", "outbox", ["correlation_id"])
    with op.batch_alter_table("inbox") as batch:
        batch.add_column(_inbox_correlation_column())
        batch.create_index("ix_inbox_correlation_id", ["correlation_id"])
    if consumes:
        add_dead_letter_correlation(op)


def drop_correlations(op, *, consumes: bool) -> None:
    from shared.bus.dead_letters import drop_dead_letter_correlation

    if consumes:
        drop_dead_letter_correlation(op)
    with op.batch_alter_table("inbox") as batch:
        batch.drop_index("ix_inbox_correlation_id")
        batch.drop_column("correlation_id")
    op.drop_index("ix_outbox_correlation_id", "outbox")
