"""When the relay refused to publish an outbox row whose body is over the bound.

Revision ID: 0004
Revises: 0003
"""
from alembic import op

from shared.bus.tables import add_outbox_refusals, drop_outbox_refusals

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_outbox_refusals(op)


def downgrade() -> None:
    drop_outbox_refusals(op)
