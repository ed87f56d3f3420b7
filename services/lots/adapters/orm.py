"""The lots service's tables (its own database; nobody else writes them)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from shared.db import UtcDateTime


class Base(DeclarativeBase):
    pass


class StatePartyRow(Base):
    __tablename__ = "states_parties"

    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    regional_group: Mapped[str | None] = mapped_column(String(40))
    legal_system: Mapped[str | None] = mapped_column(String(40))
    instruments: Mapped[list[str]] = mapped_column(JSON)
    registered_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class ReviewGroupRow(Base):
    __tablename__ = "review_groups"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    starts_on: Mapped[dt.date] = mapped_column(Date)
    phase: Mapped[int] = mapped_column(Integer)
    cluster: Mapped[int] = mapped_column(Integer)
    states_under_review: Mapped[list[str]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    draw: Mapped[DrawRow | None] = relationship(
        back_populates="group", uselist=False, lazy="selectin"
    )


class DrawRow(Base):
    __tablename__ = "draws"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("review_groups.id"), unique=True)
    seed: Mapped[str] = mapped_column(String(64))
    drawn_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    group: Mapped[ReviewGroupRow] = relationship(back_populates="draw", lazy="selectin")
    picks: Mapped[list[PickRow]] = relationship(order_by="PickRow.id", lazy="selectin")


class PickRow(Base):
    """One reviewer drawn for one State under review, with the pool it was drawn from."""

    __tablename__ = "draw_picks"
    __table_args__ = (UniqueConstraint("draw_id", "state_under_review", "reviewer"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draw_id: Mapped[int] = mapped_column(ForeignKey("draws.id"), index=True)
    phase: Mapped[int] = mapped_column(Integer)
    state_under_review: Mapped[str] = mapped_column(String(3))
    reviewer: Mapped[str] = mapped_column(String(3))
    slot: Mapped[str] = mapped_column(String(20))
    pool: Mapped[list[str]] = mapped_column(JSON)
