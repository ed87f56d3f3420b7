"""States parties, review groups, draws and their picks; outbox and inbox.

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
        "states_parties",
        sa.Column("code", sa.String(3), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("regional_group", sa.String(40)),
        sa.Column("legal_system", sa.String(40)),
        sa.Column("instruments", sa.JSON, nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "review_groups",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("number", sa.Integer, nullable=False, unique=True),
        sa.Column("starts_on", sa.Date, nullable=False),
        sa.Column("phase", sa.Integer, nullable=False),
        sa.Column("cluster", sa.Integer, nullable=False),
        sa.Column("states_under_review", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "draws",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("group_id", sa.Integer, sa.ForeignKey("review_groups.id"), nullable=False,
                  unique=True),
        sa.Column("seed", sa.String(64), nullable=False),
        sa.Column("drawn_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "draw_picks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("draw_id", sa.Integer, sa.ForeignKey("draws.id"), nullable=False, index=True),
        sa.Column("phase", sa.Integer, nullable=False),
        sa.Column("state_under_review", sa.String(3), nullable=False),
        sa.Column("reviewer", sa.String(3), nullable=False),
        sa.Column("slot", sa.String(20), nullable=False),
        sa.Column("pool", sa.JSON, nullable=False),
        sa.UniqueConstraint("draw_id", "state_under_review", "reviewer"),
    )


def downgrade() -> None:
    for table in ("draw_picks", "draws", "review_groups", "states_parties", "inbox", "outbox"):
        op.drop_table(table)
