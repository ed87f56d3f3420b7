"""The reviews table's data version, moved on by a trigger at every change (the list's
page cache checks it on each request).

Revision ID: 0004
Revises: 0003
"""
from alembic import op

from shared.db.data_versions import create_data_versions, drop_data_versions

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_data_versions(op, "reviews")


def downgrade() -> None:
    drop_data_versions(op, "reviews")
