"""Every fact on the date it happened (issue 18): the day of each stage change and of the
stage a review is in, whether a consultation agreed its languages and the day a send-back
superseded it, the Conference's end date for a phase, and the reviews' copy of the draws
and their repetitions (the report's section on the drawing of lots).

Rows written before this revision happened on the day they were recorded (UTC).

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def _day_of(column: str) -> str:
    """The UTC calendar day of a stored time, in the dialect's words."""
    if op.get_bind().dialect.name == "postgresql":
        return f"CAST(({column} AT TIME ZONE 'UTC') AS DATE)"
    return f"date({column})"


def _add_day(table: str, column: str, recorded: str, nullable: bool) -> None:
    with op.batch_alter_table(table) as batch:
        batch.add_column(sa.Column(column, sa.Date))
    op.execute(f"UPDATE {table} SET {column} = {_day_of(recorded)} "  # noqa: S608 - names
               f"WHERE {recorded} IS NOT NULL")
    if not nullable:
        with op.batch_alter_table(table) as batch:
            batch.alter_column(column, existing_type=sa.Date, nullable=False)


def upgrade() -> None:
    _add_day("review_stage_history", "changed_on", "changed_at", nullable=False)
    with op.batch_alter_table("review_stage_history") as batch:
        batch.create_index("ix_review_stage_history_changed_on", ["changed_on"])
    _add_day("reviews", "stage_entered_on", "stage_entered_at", nullable=False)
    _add_day("review_consultations", "superseded_on", "superseded_at", nullable=True)
    with op.batch_alter_table("review_consultations") as batch:
        batch.add_column(sa.Column("languages_agreed", sa.Boolean, nullable=False,
                                   server_default=sa.true()))
    with op.batch_alter_table("review_phases") as batch:
        batch.add_column(sa.Column("ends_on", sa.Date))
        batch.add_column(sa.Column("ends_on_reason", sa.String(500)))
        batch.add_column(sa.Column("ends_on_decided_on", sa.Date))
        batch.add_column(sa.Column("ends_on_recorded_at", TZ))
    _create_draws()


def _create_draws() -> None:
    op.create_table(
        "review_draws",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("draw_id", sa.Integer, nullable=False, unique=True),
        sa.Column("group_number", sa.Integer, nullable=False),
        sa.Column("phase", sa.Integer, nullable=False),
        sa.Column("starts_on", sa.Date, nullable=False),
        sa.Column("meeting", sa.String(120)),
        sa.Column("drawn_on", sa.Date, nullable=False),
        sa.Column("reviews", sa.Integer, nullable=False),
        sa.Column("states", sa.Integer, nullable=False),
        sa.Column("received_at", TZ, nullable=False),
    )
    op.create_table(
        "review_draw_repetitions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("draw_id", sa.Integer, nullable=False, index=True),
        sa.Column("group_number", sa.Integer, nullable=False),
        sa.Column("phase", sa.Integer, nullable=False),
        sa.Column("state_under_review", sa.String(3), nullable=False),
        sa.Column("repetition", sa.Integer, nullable=False),
        sa.Column("replaced", sa.String(3), nullable=False),
        sa.Column("replacement", sa.String(3), nullable=False),
        sa.Column("requested_by", sa.String(3), nullable=False),
        sa.Column("exceptional", sa.Boolean, nullable=False),
        sa.Column("reason", sa.String(500)),
        sa.Column("meeting", sa.String(120)),
        sa.Column("repeated_on", sa.Date, nullable=False),
        sa.Column("received_at", TZ, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("review_draw_repetitions")
    op.drop_table("review_draws")
    with op.batch_alter_table("review_phases") as batch:
        for column in ("ends_on_recorded_at", "ends_on_decided_on", "ends_on_reason",
                       "ends_on"):
            batch.drop_column(column)
    with op.batch_alter_table("review_consultations") as batch:
        batch.drop_column("languages_agreed")
        batch.drop_column("superseded_on")
    with op.batch_alter_table("reviews") as batch:
        batch.drop_column("stage_entered_on")
    with op.batch_alter_table("review_stage_history") as batch:
        batch.drop_index("ix_review_stage_history_changed_on")
        batch.drop_column("changed_on")
