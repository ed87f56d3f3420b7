"""The register of persons: languages, note verbale dates, withdrawals and replacements,
participations that end with a repetition of the draw, and the repetitions heard.

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

ACTIVE_FOCAL_POINT = sa.text("role = 'focal_point' AND status = 'active'")
CURRENT_FOCAL_POINT = sa.text("role = 'focal_point' AND status <> 'withdrawn'")


def upgrade() -> None:
    # plain ALTER TABLE ... ADD COLUMN, never a batch copy: copying `persons` on SQLite means
    # dropping the table that nominations' foreign key points at, which SQLite refuses
    op.add_column("persons", sa.Column("languages", sa.JSON, nullable=False,
                                       server_default=sa.text("'[]'")))
    for column in (sa.Column("note_verbale_date", sa.Date), sa.Column("withdrawn_on", sa.Date),
                   sa.Column("withdrawal_reason", sa.String(500)),
                   sa.Column("replaced_by", sa.Integer)):
        op.add_column("nominations", column)
    # "nominated" and "active" both hold the State's one focal point for the review
    op.drop_index("uq_active_focal_point", table_name="nominations")
    op.create_index(
        "uq_current_focal_point", "nominations", ["state_code", "review_id"], unique=True,
        postgresql_where=CURRENT_FOCAL_POINT, sqlite_where=CURRENT_FOCAL_POINT,
    )
    for column in (sa.Column("phase", sa.Integer, nullable=False, server_default=sa.text("1")),
                   sa.Column("ended_on", sa.Date), sa.Column("replaced_by", sa.String(3))):
        op.add_column("participations", column)
    op.create_table(
        "repetitions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("event_id", sa.String(36), nullable=False, unique=True),
        sa.Column("group_number", sa.Integer, nullable=False),
        sa.Column("phase", sa.Integer, nullable=False),
        sa.Column("state_under_review", sa.String(3), nullable=False),
        sa.Column("replaced", sa.String(3), nullable=False),
        sa.Column("replacement", sa.String(3), nullable=False),
        sa.Column("repetition", sa.Integer, nullable=False),
        sa.Column("repeated_on", sa.Date, nullable=False),
        sa.Column("review_id", sa.Integer, index=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    # plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+), for the same reason
    op.drop_table("repetitions")
    for column in ("replaced_by", "ended_on", "phase"):
        op.drop_column("participations", column)
    op.drop_index("uq_current_focal_point", table_name="nominations")
    for column in ("replaced_by", "withdrawal_reason", "withdrawn_on", "note_verbale_date"):
        op.drop_column("nominations", column)
    op.create_index(
        "uq_active_focal_point", "nominations", ["state_code", "review_id"], unique=True,
        postgresql_where=ACTIVE_FOCAL_POINT, sqlite_where=ACTIVE_FOCAL_POINT,
    )
    op.drop_column("persons", "languages")
