"""The reviews table's data-version triggers again on SQLite: 0006 made a column of it NOT
NULL through a batch migration, which on SQLite rebuilds the table and drops its triggers,
so the list's page cache (shared/web/page_cache.py) kept serving pages from before every
later change. PostgreSQL kept its trigger; nothing to do there.

Revision ID: 0008
Revises: 0007
"""
from alembic import op

from shared.db.data_versions import create_sqlite_triggers

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        create_sqlite_triggers(op, "reviews")


def downgrade() -> None:
    """Nothing: 0007 had the triggers too, had 0006 not dropped them."""
