"""What the States write during a review: the preliminary consultation, the written
feedback, and the versioned documents with translations (the questionnaire's tables are
in questionnaire_orm.py).

A row "superseded" by a send-back stays: past reports and the record still need it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from services.reviews.adapters.orm import Base
from shared.db.engine import UtcDateTime


class ConsultationRow(Base):
    __tablename__ = "review_consultations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    held_on: Mapped[dt.date] = mapped_column(Date)
    #: false when the consultation ended without agreement on the working languages
    #: (note, para. 27): `languages` is then empty and the review waits at the stage
    languages_agreed: Mapped[bool] = mapped_column(Boolean, default=True)
    languages: Mapped[list[str]] = mapped_column(JSON)
    exceptional_reason: Mapped[str | None] = mapped_column(String(500))
    #: the dates agreed for the stages to come, by stage
    time_frames: Mapped[dict] = mapped_column(JSON)
    facilitated_by_secretariat: Mapped[bool] = mapped_column(Boolean)
    recorded_by: Mapped[str] = mapped_column(String(120))
    actor_state: Mapped[str | None] = mapped_column(String(3))
    recorded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    #: when a send-back superseded it was recorded, and the day the send-back happened
    superseded_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    superseded_on: Mapped[dt.date | None] = mapped_column(Date)


class FeedbackRow(Base):
    __tablename__ = "review_feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    state_code: Mapped[str] = mapped_column(String(3))
    text: Mapped[str] = mapped_column(Text)
    given_by: Mapped[str] = mapped_column(String(120))
    given_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    superseded_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class DocumentRow(Base):
    """One version of the list of observations or of the summary."""

    __tablename__ = "review_documents"
    __table_args__ = (
        UniqueConstraint("review_id", "kind", "version", name="uq_document_versions"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    version: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    word_count: Mapped[int] = mapped_column(Integer)
    written_by: Mapped[str] = mapped_column(String(120))
    actor_state: Mapped[str | None] = mapped_column(String(3))
    written_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class TranslationRow(Base):
    """The translation of the summary into one language, for the version it was made of."""

    __tablename__ = "review_translations"
    __table_args__ = (UniqueConstraint("review_id", "language", name="uq_translations"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    language: Mapped[str] = mapped_column(String(2))
    summary_version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    updated_by: Mapped[str] = mapped_column(String(120))
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
