"""The reviews service's tables (its own database; nobody else writes them).

The country reviews with their stage history, the copy of the focal points (from the
nominations service's events), the phases of each group, and the deadline notices. What
the States write during a review is in `adapters/work_orm.py`.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from shared.db.engine import UtcDateTime


class Base(DeclarativeBase):
    pass


def _day_of(recorded: str):
    """A fact written without its day happened on the day it was recorded (UTC)."""
    def default(context) -> dt.date:
        return context.get_current_parameters()[recorded].astimezone(dt.UTC).date()
    return default


class ReviewRow(Base):
    """One country review: a State under review and its reviewing States, from one draw."""

    __tablename__ = "reviews"
    # a draw schedules each State once, however many copies of it arrive
    __table_args__ = (
        UniqueConstraint("draw_id", "state_under_review", name="uq_reviews_draw_state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draw_id: Mapped[int] = mapped_column(Integer)
    group_number: Mapped[int] = mapped_column(Integer, index=True)
    phase: Mapped[int] = mapped_column(Integer)
    cluster: Mapped[int] = mapped_column(Integer)
    state_under_review: Mapped[str] = mapped_column(String(3), index=True)
    reviewing_states: Mapped[list[str]] = mapped_column(JSON)
    starts_on: Mapped[dt.date] = mapped_column(Date)
    stage: Mapped[str] = mapped_column(String(40), index=True)
    #: when the review entered its present stage was recorded, and the day it did (some
    #: deadlines run from the day)
    stage_entered_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    stage_entered_on: Mapped[dt.date] = mapped_column(Date, default=_day_of("stage_entered_at"))
    #: when the self-assessment answers were received (written feedback runs from it)
    questionnaire_received_on: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class StageChangeRow(Base):
    """Every stage change: who, when, from which stage and why (DOMAIN.md). A change of
    the review's parties (a repeated draw) is kept here too, with the stage unchanged."""

    __tablename__ = "review_stage_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    from_stage: Mapped[str | None] = mapped_column(String(40))
    to_stage: Mapped[str] = mapped_column(String(40))
    #: when the change was recorded (the audit), and the day it happened ("as of" reads it)
    changed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, index=True)
    changed_on: Mapped[dt.date] = mapped_column(Date, index=True,
                                                default=_day_of("changed_at"))
    changed_by: Mapped[str] = mapped_column(String(120))
    #: the State of whoever acted, None for the secretariat or the system (issue 7 checks it)
    actor_state: Mapped[str | None] = mapped_column(String(3))
    reason: Mapped[str] = mapped_column(String(500))


class FocalPointRow(Base):
    """Our copy of one focal point nomination for one review (FocalPointNominated), and
    its withdrawal (NominationWithdrawn), with dates so that past reports can use it."""

    __tablename__ = "review_focal_points"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nomination_id: Mapped[int] = mapped_column(Integer, unique=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    state_code: Mapped[str] = mapped_column(String(3))
    nominated_on: Mapped[dt.date] = mapped_column(Date)
    withdrawn_on: Mapped[dt.date | None] = mapped_column(Date)
    received_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class PhaseRow(Base):
    """One phase of one group: the reviews foreseen at its beginning, and the Conference's
    decision to let the group advance anyway, if it took one (note, para. 17)."""

    __tablename__ = "review_phases"
    __table_args__ = (UniqueConstraint("group_number", "phase", name="uq_phases_group"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_number: Mapped[int] = mapped_column(Integer)
    phase: Mapped[int] = mapped_column(Integer)
    cluster: Mapped[int] = mapped_column(Integer)
    starts_on: Mapped[dt.date] = mapped_column(Date)
    foreseen: Mapped[int] = mapped_column(Integer)
    override_by: Mapped[str | None] = mapped_column(String(120))
    override_reason: Mapped[str | None] = mapped_column(String(500))
    override_on: Mapped[dt.date | None] = mapped_column(Date)
    override_recorded_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    #: the Conference set another end for the phase than two years from its start
    ends_on: Mapped[dt.date | None] = mapped_column(Date)
    ends_on_reason: Mapped[str | None] = mapped_column(String(500))
    ends_on_decided_on: Mapped[dt.date | None] = mapped_column(Date)
    ends_on_recorded_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class DeadlineNoticeRow(Base):
    """A missed deadline already announced: the unique key makes it go out once."""

    __tablename__ = "review_deadline_notices"
    __table_args__ = (
        UniqueConstraint("review_id", "stage", "deadline", name="uq_deadline_notices"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    stage: Mapped[str] = mapped_column(String(40))
    deadline: Mapped[dt.date] = mapped_column(Date)
    as_of: Mapped[dt.date] = mapped_column(Date)
    event_id: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
