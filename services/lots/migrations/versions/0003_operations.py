"""The audit log of every write, and the inbox's count of redeliveries.

Revision ID: 0003
Revises: 0002
"""
from alembic import op

from shared.bus.tables import add_operations_tables, drop_operations_tables

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_operations_tables(op, consumes=False)


def downgrade() -> None:
    drop_operations_tables(op, consumes=False)
