"""The States invited to a survey (SurveyOpened), whose focal points and experts are
reminded before its deadline until the State answers or the survey closes.

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "survey_invitations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("survey_id", sa.Integer, nullable=False),
        sa.Column("state_code", sa.String(3), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("deadline", sa.Date, nullable=False),
        sa.Column("emails", sa.JSON, nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("opened_by", sa.String(36), nullable=False),
        sa.Column("correlation_id", sa.String(36)),
        sa.Column("history", sa.Boolean, nullable=False),
        sa.Column("reminded", sa.JSON, nullable=False),
        sa.Column("settled_at", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("survey_id", "state_code"),
    )


def downgrade() -> None:
    op.drop_table("survey_invitations")
