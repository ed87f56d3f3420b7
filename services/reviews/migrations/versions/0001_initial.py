"""Country reviews and their stage history; outbox and inbox.

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


def upgrade() -> None:
    create_messaging_tables(op)
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("draw_id", sa.Integer, nullable=False),
        sa.Column("group_number", sa.Integer, nullable=False, index=True),
        sa.Column("phase", sa.Integer, nullable=False),
        sa.Column("cluster", sa.Integer, nullable=False),
        sa.Column("state_under_review", sa.String(3), nullable=False, index=True),
        sa.Column("reviewing_states", sa.JSON, nullable=False),
        sa.Column("starts_on", sa.Date, nullable=False),
        sa.Column("stage", sa.String(40), nullable=False, index=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("draw_id", "state_under_review", name="uq_reviews_draw_state"),
    )
    op.create_table(
        "review_stage_history",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("review_id", sa.Integer, sa.ForeignKey("reviews.id"), nullable=False,
                  index=True),
        sa.Column("from_stage", sa.String(40)),
        sa.Column("to_stage", sa.String(40), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by", sa.String(120), nullable=False),
        sa.Column("reason", sa.String(500), nullable=False),
    )


def downgrade() -> None:
    for table in ("review_stage_history", "reviews", "inbox", "outbox"):
        op.drop_table(table)
