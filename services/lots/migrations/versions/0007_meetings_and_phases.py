"""Draws held at meetings, on their date, and each group's phases: the meetings; a group
numbered once per phase; each draw's and repetition's meeting and date, and whether its
result was recorded rather than drawn here (then with no seed, and with the reviews agreed
as exceptions to a rule); and the copies, from the reviews' events, that the 70 per cent
rule reads (completed reviews, the Conference's decisions). Lots now consumes events: its
dead letters.

Revision ID: 0007
Revises: 0006
"""
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

from shared.bus.dead_letters import add_dead_letter_correlation, create_dead_letters_table

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

#: names the unnamed unique constraint of 0001 on SQLite, so that batch mode can drop it
NAMING = {"uq": "uq_%(table_name)s_%(column_0_name)s"}


def upgrade() -> None:
    op.create_table(
        "meetings",
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("held_on", sa.Date, nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )
    with _foreign_keys_off():
        _number_once_per_phase()
        with op.batch_alter_table("draws") as batch:
            batch.alter_column("seed", existing_type=sa.String(64), nullable=True)
            batch.add_column(sa.Column("meeting", sa.String(40), sa.ForeignKey(
                "meetings.name", name="fk_draws_meeting")))
            batch.add_column(sa.Column("drawn_on", sa.Date))
            batch.add_column(sa.Column("recorded", sa.Boolean, nullable=False,
                                       server_default=sa.false()))
            batch.add_column(sa.Column("exceptions", sa.JSON))
        with op.batch_alter_table("draw_repetitions") as batch:
            batch.alter_column("seed", existing_type=sa.String(64), nullable=True)
            batch.add_column(sa.Column("meeting", sa.String(40), sa.ForeignKey(
                "meetings.name", name="fk_draw_repetitions_meeting")))
            batch.add_column(sa.Column("repeated_on", sa.Date))
    op.execute(f"UPDATE draws SET drawn_on = {_utc_day('drawn_at')}")
    op.execute(f"UPDATE draw_repetitions SET repeated_on = {_utc_day('requested_at')}")
    op.create_table(
        "completed_reviews",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("group_number", sa.Integer, nullable=False),
        sa.Column("phase", sa.Integer, nullable=False),
        sa.Column("state_under_review", sa.String(3), nullable=False),
        sa.Column("completed_on", sa.Date, nullable=False),
        sa.UniqueConstraint("group_number", "phase", "state_under_review",
                            name="uq_completed_reviews"),
    )
    op.create_table(
        "phase_overrides",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("group_number", sa.Integer, nullable=False),
        sa.Column("phase", sa.Integer, nullable=False),
        sa.Column("decided_on", sa.Date, nullable=False),
        sa.Column("decided_by", sa.String(120), nullable=False),
        sa.Column("reason", sa.String(500), nullable=False),
        sa.UniqueConstraint("group_number", "phase", name="uq_phase_overrides"),
    )
    create_dead_letters_table(op)
    add_dead_letter_correlation(op)


def _utc_day(column: str) -> str:
    """The UTC calendar day of a stored time: what a draw made before dates were kept was
    drawn on (SQLite keeps the UTC time as text)."""
    if op.get_bind().dialect.name == "postgresql":
        return f"CAST({column} AT TIME ZONE 'UTC' AS DATE)"
    return f"date({column})"


def _number_once_per_phase() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint("review_groups_number_key", "review_groups", type_="unique")
        op.create_unique_constraint("uq_review_groups_number_phase", "review_groups",
                                    ["number", "phase"])
        return
    with op.batch_alter_table("review_groups", naming_convention=NAMING) as batch:
        batch.drop_constraint("uq_review_groups_number", type_="unique")
        batch.create_unique_constraint("uq_review_groups_number_phase", ["number", "phase"])


@contextmanager
def _foreign_keys_off() -> Iterator[None]:
    """Batch mode rebuilds `review_groups` and `draws`, which other tables refer to. SQLite
    checks the foreign keys as the old table is dropped, and a deferred check fails at the
    commit all the same (renaming the new table in does not settle it), so its own recipe
    for such a change is followed: foreign keys off, which SQLite allows only between
    transactions, hence the commit of what this migration wrote so far; on again after.
    `PRAGMA foreign_key_check` then proves that every reference still holds."""
    if op.get_bind().dialect.name != "sqlite":
        yield
        return
    driver = op.get_bind().connection.dbapi_connection
    if driver.in_transaction:
        driver.commit()
    driver.execute("PRAGMA foreign_keys = OFF")
    try:
        yield
        if driver.in_transaction:
            driver.commit()
        broken = driver.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"references broken by the rebuilt tables: {broken}")
    finally:
        driver.execute("PRAGMA foreign_keys = ON")


def downgrade() -> None:
    op.drop_table("dead_letters")
    op.drop_table("phase_overrides")
    op.drop_table("completed_reviews")
    with _foreign_keys_off():
        with op.batch_alter_table("draw_repetitions") as batch:
            batch.drop_column("repeated_on")
            batch.drop_column("meeting")
        with op.batch_alter_table("draws") as batch:
            batch.drop_column("exceptions")
            batch.drop_column("recorded")
            batch.drop_column("drawn_on")
            batch.drop_column("meeting")
        _number_once()
    op.drop_table("meetings")


def _number_once() -> None:
    """Back to one group a number, under the name each backend's upgrade drops: PostgreSQL's
    own for 0001's unnamed constraint, and on SQLite the one NAMING gives it."""
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint("uq_review_groups_number_phase", "review_groups", type_="unique")
        op.create_unique_constraint("review_groups_number_key", "review_groups", ["number"])
        return
    with op.batch_alter_table("review_groups") as batch:
        batch.drop_constraint("uq_review_groups_number_phase", type_="unique")
        batch.create_unique_constraint("uq_review_groups_number", ["number"])
