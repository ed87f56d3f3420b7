"""The tables of the questionnaire: the question bank's versions and their questions, the
version and instruments each review's questionnaire was fixed with, the answers (every
version of each), the reviewing States' written feedback per question and the replies to
it, and the reviews service's copy of what each State is party to.

Nothing here is ever rewritten in place: a new answer is a new version, so the record of
what a State wrote, and when, stays whole.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from services.reviews.adapters.orm import Base
from shared.db.engine import UtcDateTime


class QuestionBankRow(Base):
    """One version of one cluster's question bank, as loaded from its file."""

    __tablename__ = "question_banks"
    __table_args__ = (UniqueConstraint("cluster", "version", name="uq_question_banks"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cluster: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    #: sha256 of the questions as loaded: loading the same version again with other
    #: questions is refused
    digest: Mapped[str] = mapped_column(String(64))
    loaded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class BankQuestionRow(Base):
    __tablename__ = "bank_questions"
    __table_args__ = (UniqueConstraint("bank_id", "question_id", name="uq_bank_questions"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("question_banks.id"), index=True)
    question_id: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(Integer)
    instrument: Mapped[str] = mapped_column(String(20))
    article: Mapped[str] = mapped_column(String(20))
    subject: Mapped[str] = mapped_column(String(200))
    cites: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)


class ReviewQuestionnaireRow(Base):
    """The bank version and the instruments a review's questionnaire was fixed with (on
    its first answer): they never change afterwards."""

    __tablename__ = "review_questionnaires"

    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), primary_key=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("question_banks.id"))
    instruments: Mapped[list[str]] = mapped_column(JSON)
    fixed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class AnswerVersionRow(Base):
    """One version of the answer to one question; `submitted_at` is set on the versions
    the State under review sent with its questionnaire."""

    __tablename__ = "answer_versions"
    __table_args__ = (
        UniqueConstraint("review_id", "question_id", "version", name="uq_answer_versions"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    question_id: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    #: [{"title", "provision", "link"}] and [{"reference", "summary", "link"}]
    legislation: Mapped[list[dict]] = mapped_column(JSON)
    cases: Mapped[list[dict]] = mapped_column(JSON)
    written_by: Mapped[str] = mapped_column(String(120))
    actor_state: Mapped[str | None] = mapped_column(String(3))
    #: the day it was written, as the State says (the secretariat records late), and when
    #: it was recorded
    written_on: Mapped[dt.date] = mapped_column(Date)
    written_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class QuestionFeedbackRow(Base):
    """A reviewing State's comment on, or request for clarification of, one answer."""

    __tablename__ = "question_feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    question_id: Mapped[str] = mapped_column(String(40))
    state_code: Mapped[str] = mapped_column(String(3))
    kind: Mapped[str] = mapped_column(String(30))
    text: Mapped[str] = mapped_column(Text)
    given_by: Mapped[str] = mapped_column(String(120))
    given_on: Mapped[dt.date] = mapped_column(Date)
    given_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class QuestionReplyRow(Base):
    """The State under review's reply to one item of feedback (on one question)."""

    __tablename__ = "question_replies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    question_id: Mapped[str] = mapped_column(String(40))
    feedback_id: Mapped[int] = mapped_column(ForeignKey("question_feedback.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    written_by: Mapped[str] = mapped_column(String(120))
    actor_state: Mapped[str | None] = mapped_column(String(3))
    written_on: Mapped[dt.date] = mapped_column(Date)
    written_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class PartyInstrumentsRow(Base):
    """The reviews service's copy of what a State is party to (StatePartyRegistered and
    StatePartyUpdated), for the questionnaire's instruments, and of its regional group,
    which the general report of trends counts by."""

    __tablename__ = "party_instruments"

    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    instruments: Mapped[list[str]] = mapped_column(JSON)
    convention_on: Mapped[dt.date | None] = mapped_column(Date)
    trafficking_on: Mapped[dt.date | None] = mapped_column(Date)
    smuggling_on: Mapped[dt.date | None] = mapped_column(Date)
    firearms_on: Mapped[dt.date | None] = mapped_column(Date)
    #: None for a party in no regional group (a regional economic integration organization)
    regional_group: Mapped[str | None] = mapped_column(String(40))
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
