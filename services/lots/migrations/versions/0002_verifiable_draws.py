"""Commitments, the inputs of each draw, what each pick reviews, repetitions, and the
division of States into groups by lot.

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("review_groups") as batch:
        batch.add_column(sa.Column("reviewing_state_limits", sa.JSON))
        batch.add_column(sa.Column("division_seed", sa.String(64)))
        batch.add_column(sa.Column("balanced_regions", sa.Boolean))
    with op.batch_alter_table("draws") as batch:
        batch.add_column(sa.Column("commitment", sa.String(64)))
        batch.add_column(sa.Column("inputs", sa.JSON))
    with op.batch_alter_table("draw_picks") as batch:
        batch.add_column(sa.Column("instruments", sa.JSON))
        batch.add_column(sa.Column("completes", sa.String(3)))
    op.create_table(
        "draw_commitments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("group_id", sa.Integer, sa.ForeignKey("review_groups.id"), nullable=False,
                  unique=True),
        sa.Column("commitment", sa.String(64), nullable=False),
        sa.Column("seed", sa.String(64), nullable=False),
        sa.Column("committed_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "draw_repetitions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("draw_id", sa.Integer, sa.ForeignKey("draws.id"), nullable=False, index=True),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("phase", sa.Integer, nullable=False),
        sa.Column("state_under_review", sa.String(3), nullable=False),
        sa.Column("slot", sa.String(20), nullable=False),
        sa.Column("replaced", sa.String(3), nullable=False),
        sa.Column("replacement", sa.String(3), nullable=False),
        sa.Column("requested_by", sa.String(3), nullable=False, index=True),
        sa.Column("request_count", sa.Integer, nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("exceptional", sa.Boolean, nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("seed", sa.String(64), nullable=False),
        sa.Column("pool", sa.JSON, nullable=False),
        sa.Column("instruments", sa.JSON, nullable=False),
        sa.Column("outside_pairs", sa.JSON, nullable=False),
        sa.UniqueConstraint("draw_id", "number"),
    )


def downgrade() -> None:
    op.drop_table("draw_repetitions")
    op.drop_table("draw_commitments")
    with op.batch_alter_table("draw_picks") as batch:
        batch.drop_column("completes")
        batch.drop_column("instruments")
    with op.batch_alter_table("draws") as batch:
        batch.drop_column("inputs")
        batch.drop_column("commitment")
    with op.batch_alter_table("review_groups") as batch:
        batch.drop_column("balanced_regions")
        batch.drop_column("division_seed")
        batch.drop_column("reviewing_state_limits")
