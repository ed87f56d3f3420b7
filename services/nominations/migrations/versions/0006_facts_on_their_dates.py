"""Every fact on its own date: when a withdrawal was recorded (beside the day it took
effect), when a State was drawn into a review, the nominations made for every review of a
State (so that reviews heard of later are covered too), and the reviews' stage changes
(a review that has started is no longer waiting for a focal point).

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

from shared.db.engine import UtcDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain ADD COLUMN, never a batch copy (see 0002: SQLite refuses to drop `persons`)
    op.add_column("nominations", sa.Column("withdrawn_at", UtcDateTime))
    op.add_column("participations", sa.Column("joined_on", sa.Date))
    op.create_table(
        "standing_nominations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("persons.id"), nullable=False),
        sa.Column("state_code", sa.String(3), nullable=False, index=True),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("nominated_on", sa.Date, nullable=False),
        sa.Column("note_verbale_ref", sa.String(100)),
        sa.Column("note_verbale_date", sa.Date),
        sa.Column("withdrawn_on", sa.Date),
        sa.Column("created_at", UtcDateTime, nullable=False),
    )
    op.create_table(
        "review_stages",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("event_id", sa.String(36), nullable=False, unique=True),
        sa.Column("review_id", sa.Integer, nullable=False, index=True),
        sa.Column("to_stage", sa.String(40), nullable=False),
        sa.Column("changed_on", sa.Date, nullable=False),
        sa.Column("created_at", UtcDateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("review_stages")
    op.drop_table("standing_nominations")
    op.drop_column("participations", "joined_on")
    op.drop_column("nominations", "withdrawn_at")
