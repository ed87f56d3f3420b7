"""The reviews service's own copy of the draws and their repetitions (from `LotsDrawn` and
`DrawRepeated`), for the report's section on the drawing of lots (note, paras. 4-7)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from services.reviews.adapters.orm import Base
from shared.db.engine import UtcDateTime


class DrawCopyRow(Base):
    """One draw as drawn: where and when, and how many reviews and States it made."""

    __tablename__ = "review_draws"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draw_id: Mapped[int] = mapped_column(Integer, unique=True)
    group_number: Mapped[int] = mapped_column(Integer)
    phase: Mapped[int] = mapped_column(Integer)
    starts_on: Mapped[dt.date] = mapped_column(Date)
    #: the meeting's short name; None when the event did not say
    meeting: Mapped[str | None] = mapped_column(String(120))
    drawn_on: Mapped[dt.date] = mapped_column(Date)
    reviews: Mapped[int] = mapped_column(Integer)
    #: the States selected to take part, under review or reviewing
    states: Mapped[int] = mapped_column(Integer)
    received_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class RepetitionCopyRow(Base):
    """One repetition of the drawing of lots, granted at a State's request."""

    __tablename__ = "review_draw_repetitions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draw_id: Mapped[int] = mapped_column(Integer, index=True)
    group_number: Mapped[int] = mapped_column(Integer)
    phase: Mapped[int] = mapped_column(Integer)
    state_under_review: Mapped[str] = mapped_column(String(3))
    repetition: Mapped[int] = mapped_column(Integer)
    replaced: Mapped[str] = mapped_column(String(3))
    replacement: Mapped[str] = mapped_column(String(3))
    requested_by: Mapped[str] = mapped_column(String(3))
    exceptional: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str | None] = mapped_column(String(500))
    meeting: Mapped[str | None] = mapped_column(String(120))
    repeated_on: Mapped[dt.date] = mapped_column(Date)
    received_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
