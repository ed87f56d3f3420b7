"""What the States write in a review carries the day it happened (issue 19, as issue 18
did for stage changes): each answer version, item of feedback, reply and draft of the list
of observations, beside the time it was recorded. What was written before this revision
is taken to have happened on the day it was recorded (UTC).

Revision ID: 0011
Revises: 0010
"""
import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

DAYS = (("answer_versions", "written_on", "written_at"),
        ("question_feedback", "given_on", "given_at"),
        ("question_replies", "written_on", "written_at"),
        ("observation_lists", "drafted_on", "drafted_at"))


def _day_of(column: str) -> str:
    """The UTC calendar day of a stored time, in the dialect's words."""
    if op.get_bind().dialect.name == "postgresql":
        return f"CAST(({column} AT TIME ZONE 'UTC') AS DATE)"
    return f"date({column})"


def upgrade() -> None:
    for table, day, recorded in DAYS:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column(day, sa.Date))
        op.execute(f"UPDATE {table} SET {day} = {_day_of(recorded)}")  # noqa: S608 - names
        with op.batch_alter_table(table) as batch:
            batch.alter_column(day, existing_type=sa.Date, nullable=False)


def downgrade() -> None:
    for table, day, _ in DAYS:
        with op.batch_alter_table(table) as batch:
            batch.drop_column(day)
