"""Reminders: copies of reviews and focal points, open items and their reminders; Cc, HTML
and the letter's variables on each message.

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
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("cc", sa.JSON))
        batch.add_column(sa.Column("body_html", sa.Text))
        batch.add_column(sa.Column("render_context", sa.JSON))
    op.create_index("ix_messages_state_sent", "messages", ["state_code", "sent_at"])
    op.create_index("ix_messages_created", "messages", ["created_at"])
    op.create_table(
        "reviews",
        sa.Column("review_id", sa.Integer, primary_key=True),
        sa.Column("state_under_review", sa.String(3), nullable=False),
        sa.Column("reviewing_states", sa.JSON, nullable=False),
        sa.Column("starts_on", sa.Date),
        sa.Column("draw_id", sa.Integer, index=True),
        sa.Column("group_number", sa.Integer),
        sa.Column("stage", sa.String(40)),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "focal_points",
        sa.Column("nomination_id", sa.Integer, primary_key=True),
        sa.Column("state_code", sa.String(3), nullable=False),
        sa.Column("review_id", sa.Integer, nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_focal_points_review", "focal_points", ["review_id", "state_code"])
    op.create_table(
        "items",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("state_code", sa.String(3), nullable=False, index=True),
        sa.Column("review_id", sa.Integer, nullable=False, index=True),
        sa.Column("topic", sa.String(60), nullable=False),
        sa.Column("round", sa.Integer, nullable=False),
        sa.Column("policy", sa.String(20), nullable=False),
        sa.Column("capacity", sa.String(20), nullable=False),
        sa.Column("state_under_review", sa.String(3), nullable=False),
        sa.Column("deadline", sa.Date, nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("opened_by", sa.String(36), nullable=False),
        sa.Column("correlation_id", sa.String(36)),
        sa.Column("closed_at", sa.DateTime(timezone=True)),
        sa.Column("closed_by", sa.String(120)),
        sa.UniqueConstraint("state_code", "review_id", "topic", "round"),
    )
    op.create_table(
        "reminders",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("item_id", sa.Integer, sa.ForeignKey("items.id"), nullable=False),
        sa.Column("slot", sa.String(20), nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("message_id", sa.Integer, sa.ForeignKey("messages.id"), nullable=False),
        sa.Column("source", sa.String(40), nullable=False),
        sa.UniqueConstraint("item_id", "slot"),
    )


def downgrade() -> None:
    for table in ("reminders", "items", "focal_points", "reviews"):
        op.drop_table(table)
    op.drop_index("ix_messages_created", "messages")
    op.drop_index("ix_messages_state_sent", "messages")
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("render_context")
        batch.drop_column("body_html")
        batch.drop_column("cc")
