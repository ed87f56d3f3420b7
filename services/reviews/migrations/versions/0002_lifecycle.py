"""The review's lifecycle: stage entry and questionnaire dates, the actor's State in the
history, the copy of the focal points, the phases, deadline notices, and what the States
write (consultations, answers, feedback, documents, translations).

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def _review_fk() -> sa.Column:
    return sa.Column("review_id", sa.Integer, sa.ForeignKey("reviews.id"), nullable=False,
                     index=True)


def upgrade() -> None:
    with op.batch_alter_table("reviews") as batch:
        batch.add_column(sa.Column("stage_entered_at", TZ))
        batch.add_column(sa.Column("questionnaire_received_on", sa.Date))
    # reviews scheduled before this revision entered their stage when they were last updated
    op.execute("UPDATE reviews SET stage_entered_at = updated_at")
    with op.batch_alter_table("reviews") as batch:
        batch.alter_column("stage_entered_at", existing_type=TZ, nullable=False)
    with op.batch_alter_table("review_stage_history") as batch:
        batch.add_column(sa.Column("actor_state", sa.String(3)))
        batch.create_index("ix_review_stage_history_changed_at", ["changed_at"])
    _create_copies_and_phases()
    _create_work()


def _create_copies_and_phases() -> None:
    op.create_table(
        "review_focal_points",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("nomination_id", sa.Integer, nullable=False, unique=True),
        _review_fk(),
        sa.Column("state_code", sa.String(3), nullable=False),
        sa.Column("nominated_on", sa.Date, nullable=False),
        sa.Column("withdrawn_on", sa.Date),
        sa.Column("received_at", TZ, nullable=False),
    )
    op.create_table(
        "review_phases",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("group_number", sa.Integer, nullable=False),
        sa.Column("phase", sa.Integer, nullable=False),
        sa.Column("cluster", sa.Integer, nullable=False),
        sa.Column("starts_on", sa.Date, nullable=False),
        sa.Column("foreseen", sa.Integer, nullable=False),
        sa.Column("override_by", sa.String(120)),
        sa.Column("override_reason", sa.String(500)),
        sa.Column("override_on", sa.Date),
        sa.Column("override_recorded_at", TZ),
        sa.UniqueConstraint("group_number", "phase", name="uq_phases_group"),
    )
    _create_notices()


def _create_notices() -> None:
    op.create_table(
        "review_deadline_notices",
        sa.Column("id", sa.Integer, primary_key=True),
        _review_fk(),
        sa.Column("stage", sa.String(40), nullable=False),
        sa.Column("deadline", sa.Date, nullable=False),
        sa.Column("as_of", sa.Date, nullable=False),
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.UniqueConstraint("review_id", "stage", "deadline", name="uq_deadline_notices"),
    )


def _actor() -> list[sa.Column]:
    return [sa.Column("actor_state", sa.String(3))]


def _create_work() -> None:
    op.create_table(
        "review_consultations",
        sa.Column("id", sa.Integer, primary_key=True),
        _review_fk(),
        sa.Column("held_on", sa.Date, nullable=False),
        sa.Column("languages", sa.JSON, nullable=False),
        sa.Column("exceptional_reason", sa.String(500)),
        sa.Column("time_frames", sa.JSON, nullable=False),
        sa.Column("facilitated_by_secretariat", sa.Boolean, nullable=False),
        sa.Column("recorded_by", sa.String(120), nullable=False),
        *_actor(),
        sa.Column("recorded_at", TZ, nullable=False),
        sa.Column("superseded_at", TZ),
    )
    _create_documents()


def _create_documents() -> None:
    op.create_table(
        "review_answers",
        sa.Column("id", sa.Integer, primary_key=True),
        _review_fk(),
        sa.Column("question_id", sa.String(40), nullable=False),
        sa.Column("answer", sa.Text, nullable=False),
        sa.Column("answered_by", sa.String(120), nullable=False),
        *_actor(),
        sa.Column("answered_at", TZ, nullable=False),
        sa.UniqueConstraint("review_id", "question_id", name="uq_answers"),
    )
    op.create_table(
        "review_feedback",
        sa.Column("id", sa.Integer, primary_key=True),
        _review_fk(),
        sa.Column("state_code", sa.String(3), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("given_by", sa.String(120), nullable=False),
        sa.Column("given_at", TZ, nullable=False),
        sa.Column("superseded_at", TZ),
    )
    op.create_table(
        "review_documents",
        sa.Column("id", sa.Integer, primary_key=True),
        _review_fk(),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("word_count", sa.Integer, nullable=False),
        sa.Column("written_by", sa.String(120), nullable=False),
        *_actor(),
        sa.Column("written_at", TZ, nullable=False),
        sa.UniqueConstraint("review_id", "kind", "version", name="uq_document_versions"),
    )
    op.create_table(
        "review_translations",
        sa.Column("id", sa.Integer, primary_key=True),
        _review_fk(),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("summary_version", sa.Integer, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("updated_by", sa.String(120), nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.UniqueConstraint("review_id", "language", name="uq_translations"),
    )


def downgrade() -> None:
    for table in ("review_translations", "review_documents", "review_feedback",
                  "review_answers", "review_consultations", "review_deadline_notices",
                  "review_phases", "review_focal_points"):
        op.drop_table(table)
    with op.batch_alter_table("review_stage_history") as batch:
        batch.drop_index("ix_review_stage_history_changed_at")
        batch.drop_column("actor_state")
    with op.batch_alter_table("reviews") as batch:
        batch.drop_column("questionnaire_received_on")
        batch.drop_column("stage_entered_at")
