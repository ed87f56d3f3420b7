"""Surveys, questions, options, the States invited, responses and their choices, the
copies of States and nominated persons; outbox, inbox, the audit log and the dead
letters, as every service has them.

Revision ID: 0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

from shared.bus.tables import (
    add_correlations,
    add_operations_tables,
    add_outbox_refusals,
    create_messaging_tables,
)

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_messaging_tables(op)
    add_operations_tables(op, consumes=True)
    add_outbox_refusals(op)
    add_correlations(op, consumes=True)
    op.create_table(
        "surveys",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("introduction", sa.Text, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("deadline", sa.Date),
        sa.Column("opened_on", sa.Date),
        sa.Column("closed_on", sa.Date),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "questions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("survey_id", sa.Integer, sa.ForeignKey("surveys.id"), nullable=False,
                  index=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("text", sa.String(1000), nullable=False),
        sa.Column("required", sa.Boolean, nullable=False),
    )
    op.create_table(
        "options",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("question_id", sa.Integer, sa.ForeignKey("questions.id"), nullable=False,
                  index=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("label", sa.String(300), nullable=False),
        sa.Column("statement", sa.String(300)),
    )
    op.create_table(
        "invited_states",
        sa.Column("survey_id", sa.Integer, sa.ForeignKey("surveys.id"), primary_key=True),
        sa.Column("state_code", sa.String(3), primary_key=True),
    )
    op.create_table(
        "responses",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("survey_id", sa.Integer, sa.ForeignKey("surveys.id"), nullable=False,
                  index=True),
        sa.Column("state_code", sa.String(3), nullable=False),
        sa.Column("answered_on", sa.Date, nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("respondent", sa.String(200), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("parts", sa.JSON, nullable=False),
        sa.Column("replaced_at", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_responses_survey_state", "responses",
                    ["survey_id", "state_code", "answered_on"])
    op.create_table(
        "choices",
        sa.Column("response_id", sa.Integer, sa.ForeignKey("responses.id"), primary_key=True),
        sa.Column("option_id", sa.Integer, primary_key=True),
        sa.Column("question_id", sa.Integer, nullable=False),
    )
    op.create_table(
        "states",
        sa.Column("code", sa.String(3), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("regional_group", sa.String(40)),
    )
    op.create_table(
        "persons",
        sa.Column("nomination_id", sa.Integer, primary_key=True),
        sa.Column("state_code", sa.String(3), nullable=False, index=True),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("withdrawn_on", sa.Date),
    )


def downgrade() -> None:
    for table in ("persons", "states", "choices", "responses", "invited_states", "options",
                  "questions", "surveys"):
        op.drop_table(table)
