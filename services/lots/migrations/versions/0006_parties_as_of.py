"""States parties as of any date: the day each became party to each instrument, whether it
takes part in the country reviews (and why not), and where its row comes from.

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

DATES = ("convention_on", "trafficking_on", "smuggling_on", "firearms_on")


def upgrade() -> None:
    with op.batch_alter_table("states_parties") as batch:
        for name in DATES:
            batch.add_column(sa.Column(name, sa.Date))
        batch.add_column(sa.Column("takes_part", sa.Boolean, nullable=False,
                                   server_default=sa.true()))
        batch.add_column(sa.Column("kept_out_reason", sa.Text))
        batch.add_column(sa.Column("source", sa.Text))
        batch.add_column(sa.Column("confirmed", sa.Boolean))


def downgrade() -> None:
    with op.batch_alter_table("states_parties") as batch:
        for name in (*DATES, "takes_part", "kept_out_reason", "source", "confirmed"):
            batch.drop_column(name)
