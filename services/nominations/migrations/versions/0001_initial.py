"""States parties (copy), participations, missions, persons, nominations, missing notices;
outbox and inbox.

Revision ID: 0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

from shared.bus.tables import create_messaging_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

ACTIVE_FOCAL_POINT = sa.text("role = 'focal_point' AND status = 'active'")


def upgrade() -> None:
    create_messaging_tables(op)
    op.create_table(
        "states_parties",
        sa.Column("code", sa.String(3), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("regional_group", sa.String(40)),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "participations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("review_id", sa.Integer, nullable=False),
        sa.Column("state_code", sa.String(3), nullable=False, index=True),
        sa.Column("capacity", sa.String(20), nullable=False),
        sa.Column("state_under_review", sa.String(3), nullable=False),
        sa.Column("group_number", sa.Integer, nullable=False),
        sa.Column("starts_on", sa.Date, nullable=False, index=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("review_id", "state_code"),
    )
    op.create_table(
        "missions",
        sa.Column("state_code", sa.String(3), primary_key=True),
        sa.Column("emails", sa.JSON, nullable=False),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    _create_nominations()
    op.create_table(
        "missing_notices",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("state_code", sa.String(3), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("review_id", sa.Integer, nullable=False),
        sa.Column("reminder", sa.Integer, nullable=False),
        sa.Column("due_on", sa.Date, nullable=False),
        sa.Column("as_of", sa.Date, nullable=False),
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("state_code", "role", "review_id", "reminder"),
    )


def _create_nominations() -> None:
    op.create_table(
        "persons",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("state_code", sa.String(3), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("phone", sa.String(40)),
        sa.Column("gender", sa.String(20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("state_code", "email"),
    )
    op.create_table(
        "nominations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("persons.id"), nullable=False,
                  index=True),
        sa.Column("state_code", sa.String(3), nullable=False, index=True),
        sa.Column("review_id", sa.Integer, nullable=False, index=True),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("nominated_on", sa.Date, nullable=False),
        sa.Column("note_verbale_ref", sa.String(100)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(
        "uq_active_focal_point", "nominations", ["state_code", "review_id"], unique=True,
        postgresql_where=ACTIVE_FOCAL_POINT, sqlite_where=ACTIVE_FOCAL_POINT,
    )


def downgrade() -> None:
    op.drop_index("uq_active_focal_point", table_name="nominations")
    for table in ("missing_notices", "nominations", "persons", "missions", "participations",
                  "states_parties", "inbox", "outbox"):
        op.drop_table(table)
