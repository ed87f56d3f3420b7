"""The reviews service's tables (its own database; nobody else writes them)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from shared.db import UtcDateTime


class Base(DeclarativeBase):
    pass


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
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    history: Mapped[list[StageChangeRow]] = relationship(
        order_by="(StageChangeRow.changed_at, StageChangeRow.id)", lazy="selectin"
    )


class StageChangeRow(Base):
    """Every stage change: who, when, from which stage and why (DOMAIN.md)."""

    __tablename__ = "review_stage_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    from_stage: Mapped[str | None] = mapped_column(String(40))
    to_stage: Mapped[str] = mapped_column(String(40))
    changed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    changed_by: Mapped[str] = mapped_column(String(120))
    reason: Mapped[str] = mapped_column(String(500))
