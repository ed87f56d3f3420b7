"""The nominations service's tables (its own database; nobody else writes them)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from shared.db import UtcDateTime

#: at most one active focal point per State and review, enforced by the database too, so
#: two requests racing each other cannot both win
ACTIVE_FOCAL_POINT = text("role = 'focal_point' AND status = 'active'")


class Base(DeclarativeBase):
    pass


class StatePartyRow(Base):
    """Our copy of a State party, built from StatePartyRegistered (lots owns the original)."""

    __tablename__ = "states_parties"

    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    regional_group: Mapped[str | None] = mapped_column(String(40))
    registered_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class ParticipationRow(Base):
    """One State taking part in one review, as under review or as reviewing State."""

    __tablename__ = "participations"
    __table_args__ = (UniqueConstraint("review_id", "state_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(Integer)
    state_code: Mapped[str] = mapped_column(String(3), index=True)
    capacity: Mapped[str] = mapped_column(String(20))
    state_under_review: Mapped[str] = mapped_column(String(3))
    group_number: Mapped[int] = mapped_column(Integer)
    starts_on: Mapped[dt.date] = mapped_column(Date, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class MissionRow(Base):
    """A Permanent Mission's contact: where notes and reminders to the State go."""

    __tablename__ = "missions"

    state_code: Mapped[str] = mapped_column(String(3), primary_key=True)
    emails: Mapped[list[str]] = mapped_column(JSON)
    language: Mapped[str] = mapped_column(String(2))
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class PersonRow(Base):
    __tablename__ = "persons"
    __table_args__ = (UniqueConstraint("state_code", "email"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    state_code: Mapped[str] = mapped_column(String(3))
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    gender: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class NominationRow(Base):
    """One person in one role for one State in one review."""

    __tablename__ = "nominations"
    __table_args__ = (
        Index("uq_active_focal_point", "state_code", "review_id", unique=True,
              postgresql_where=ACTIVE_FOCAL_POINT, sqlite_where=ACTIVE_FOCAL_POINT),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    state_code: Mapped[str] = mapped_column(String(3), index=True)
    review_id: Mapped[int] = mapped_column(Integer, index=True)
    role: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    nominated_on: Mapped[dt.date] = mapped_column(Date)
    note_verbale_ref: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    person: Mapped[PersonRow] = relationship(lazy="selectin")


class MissingNoticeRow(Base):
    """A NominationMissing once published: the unique key makes each reminder go out once."""

    __tablename__ = "missing_notices"
    __table_args__ = (UniqueConstraint("state_code", "role", "review_id", "reminder"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    state_code: Mapped[str] = mapped_column(String(3))
    role: Mapped[str] = mapped_column(String(20))
    review_id: Mapped[int] = mapped_column(Integer)
    reminder: Mapped[int] = mapped_column(Integer)
    due_on: Mapped[dt.date] = mapped_column(Date)
    as_of: Mapped[dt.date] = mapped_column(Date)
    event_id: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
