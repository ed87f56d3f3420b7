"""The outbox, the inbox and the dead letters looked up by correlation id, so that the
service can say which events of one write it caused and has handled (GET /events/handled).

Revision ID: 0007
Revises: 0006
"""
from alembic import op

from shared.bus.tables import add_correlations, drop_correlations

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_correlations(op, consumes=True)


def downgrade() -> None:
    drop_correlations(op, consumes=True)
