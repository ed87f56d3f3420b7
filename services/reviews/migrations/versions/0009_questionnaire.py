"""The questionnaire by cluster, instrument and article (issue 19, items 1 and 2): the
question bank's versions and questions, each review's fixed questionnaire, the answers with
their versions and citations, feedback and replies per question, and the copy of the
parties' instruments.

The answers written before the bank (one row per question in review_answers) become the
first version of each answer, unsent; their table goes.

Revision ID: 0009
Revises: 0008
"""
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer, primary_key=True)


def _review() -> sa.Column:
    return sa.Column("review_id", sa.Integer, sa.ForeignKey("reviews.id"), nullable=False,
                     index=True)


def upgrade() -> None:
    op.create_table(
        "question_banks", _id(),
        sa.Column("cluster", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("loaded_at", TZ, nullable=False),
        sa.UniqueConstraint("cluster", "version", name="uq_question_banks"))
    op.create_table(
        "bank_questions", _id(),
        sa.Column("bank_id", sa.Integer, sa.ForeignKey("question_banks.id"), nullable=False,
                  index=True),
        sa.Column("question_id", sa.String(40), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("instrument", sa.String(20), nullable=False),
        sa.Column("article", sa.String(20), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("cites", sa.String(200), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.UniqueConstraint("bank_id", "question_id", name="uq_bank_questions"))
    op.create_table(
        "review_questionnaires",
        sa.Column("review_id", sa.Integer, sa.ForeignKey("reviews.id"), primary_key=True),
        sa.Column("bank_id", sa.Integer, sa.ForeignKey("question_banks.id"), nullable=False),
        sa.Column("instruments", sa.JSON, nullable=False),
        sa.Column("fixed_at", TZ, nullable=False))
    op.create_table(
        "answer_versions", _id(), _review(),
        sa.Column("question_id", sa.String(40), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("legislation", sa.JSON, nullable=False),
        sa.Column("cases", sa.JSON, nullable=False),
        sa.Column("written_by", sa.String(120), nullable=False),
        sa.Column("actor_state", sa.String(3)),
        sa.Column("written_at", TZ, nullable=False),
        sa.Column("submitted_at", TZ),
        sa.UniqueConstraint("review_id", "question_id", "version", name="uq_answer_versions"))
    op.create_table(
        "question_feedback", _id(), _review(),
        sa.Column("question_id", sa.String(40), nullable=False),
        sa.Column("state_code", sa.String(3), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("given_by", sa.String(120), nullable=False),
        sa.Column("given_at", TZ, nullable=False))
    op.create_table(
        "question_replies", _id(), _review(),
        sa.Column("question_id", sa.String(40), nullable=False),
        sa.Column("feedback_id", sa.Integer, sa.ForeignKey("question_feedback.id"),
                  nullable=False, index=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("written_by", sa.String(120), nullable=False),
        sa.Column("actor_state", sa.String(3)),
        sa.Column("written_at", TZ, nullable=False))
    op.create_table(
        "party_instruments",
        sa.Column("code", sa.String(3), primary_key=True),
        sa.Column("instruments", sa.JSON, nullable=False),
        *(sa.Column(f"{i}_on", sa.Date)
          for i in ("convention", "trafficking", "smuggling", "firearms")),
        sa.Column("updated_at", TZ, nullable=False))
    empty = "CAST('[]' AS JSON)" if op.get_bind().dialect.name == "postgresql" else "'[]'"
    op.execute(
        "INSERT INTO answer_versions (review_id, question_id, version, text, legislation, "
        "cases, written_by, actor_state, written_at) "
        f"SELECT review_id, question_id, 1, answer, {empty}, {empty}, answered_by, "  # noqa: S608
        "actor_state, answered_at FROM review_answers")
    op.drop_table("review_answers")


def downgrade() -> None:
    op.create_table(
        "review_answers", _id(), _review(),
        sa.Column("question_id", sa.String(40), nullable=False),
        sa.Column("answer", sa.Text, nullable=False),
        sa.Column("answered_by", sa.String(120), nullable=False),
        sa.Column("actor_state", sa.String(3)),
        sa.Column("answered_at", TZ, nullable=False),
        sa.UniqueConstraint("review_id", "question_id", name="uq_answers"))
    for table in ("party_instruments", "question_replies", "question_feedback",
                  "answer_versions", "review_questionnaires", "bank_questions",
                  "question_banks"):
        op.drop_table(table)
