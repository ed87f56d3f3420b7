"""The day each State became party to the Convention (StatePartyRegistered carries it
now): no nomination of the State is dated before it.

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("states_parties", sa.Column("convention_on", sa.Date))


def downgrade() -> None:
    op.drop_column("states_parties", "convention_on")
