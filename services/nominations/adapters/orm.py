"""The nominations service's tables (its own database; nobody else writes them)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from shared.db.engine import UtcDateTime

#: at most one current (not withdrawn) focal point per State and review, enforced by the
#: database too, so two requests racing each other cannot both win
CURRENT_FOCAL_POINT = text("role = 'focal_point' AND status <> 'withdrawn'")


class Base(DeclarativeBase):
    pass


class StatePartyRow(Base):
    """Our copy of a State party, built from StatePartyRegistered (lots owns the original)."""

    __tablename__ = "states_parties"

    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    regional_group: Mapped[str | None] = mapped_column(String(40))
    #: the day it became party to the Convention (None when the event did not say)
    convention_on: Mapped[dt.date | None] = mapped_column(Date)
    registered_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class ParticipationRow(Base):
    """One State taking part in one review, as under review or as reviewing State, from
    `starts_on` until `ended_on` (the day a repetition of the draw replaced it); drawn into
    it on `joined_on` (the draw's or the repetition's day; empty when the event did not say),
    before which it cannot have nominated anyone for it."""

    __tablename__ = "participations"
    __table_args__ = (UniqueConstraint("review_id", "state_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(Integer)
    state_code: Mapped[str] = mapped_column(String(3), index=True)
    capacity: Mapped[str] = mapped_column(String(20))
    state_under_review: Mapped[str] = mapped_column(String(3))
    group_number: Mapped[int] = mapped_column(Integer)
    phase: Mapped[int] = mapped_column(Integer, default=1)
    starts_on: Mapped[dt.date] = mapped_column(Date, index=True)
    ended_on: Mapped[dt.date | None] = mapped_column(Date)
    replaced_by: Mapped[str | None] = mapped_column(String(3))
    joined_on: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class RepetitionRow(Base):
    """A repetition of the drawing of lots as heard (DrawRepeated); `review_id` stays empty
    until the review it concerns is known here, and is then applied."""

    __tablename__ = "repetitions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[str] = mapped_column(String(36), unique=True)
    group_number: Mapped[int] = mapped_column(Integer)
    phase: Mapped[int] = mapped_column(Integer)
    state_under_review: Mapped[str] = mapped_column(String(3))
    replaced: Mapped[str] = mapped_column(String(3))
    replacement: Mapped[str] = mapped_column(String(3))
    repetition: Mapped[int] = mapped_column(Integer)
    repeated_on: Mapped[dt.date] = mapped_column(Date)
    review_id: Mapped[int | None] = mapped_column(Integer, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class MissionRow(Base):
    """A Permanent Mission's contact: where notes and reminders to the State go."""

    __tablename__ = "missions"

    state_code: Mapped[str] = mapped_column(String(3), primary_key=True)
    emails: Mapped[list[str]] = mapped_column(JSON)
    language: Mapped[str] = mapped_column(String(2))
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class PersonRow(Base):
    """A person a State named; the same State naming the same e-mail is the same person."""

    __tablename__ = "persons"
    __table_args__ = (UniqueConstraint("state_code", "email"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    state_code: Mapped[str] = mapped_column(String(3))
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    gender: Mapped[str] = mapped_column(String(20))
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    nominations: Mapped[list[NominationRow]] = relationship(
        back_populates="person", order_by="NominationRow.id", lazy="raise")
    #: the person's nominations for every review of the State (in a role)
    standing: Mapped[list[StandingNominationRow]] = relationship(
        order_by="StandingNominationRow.id", lazy="raise", viewonly=True)


class NominationRow(Base):
    """One person in one role for one State in one review; withdrawn, it stays."""

    __tablename__ = "nominations"
    __table_args__ = (
        Index("uq_current_focal_point", "state_code", "review_id", unique=True,
              postgresql_where=CURRENT_FOCAL_POINT, sqlite_where=CURRENT_FOCAL_POINT),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    state_code: Mapped[str] = mapped_column(String(3), index=True)
    review_id: Mapped[int] = mapped_column(Integer, index=True)
    role: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    nominated_on: Mapped[dt.date] = mapped_column(Date)
    note_verbale_ref: Mapped[str | None] = mapped_column(String(100))
    note_verbale_date: Mapped[dt.date | None] = mapped_column(Date)
    withdrawn_on: Mapped[dt.date | None] = mapped_column(Date)
    withdrawal_reason: Mapped[str | None] = mapped_column(String(500))
    #: when the withdrawal was recorded (`withdrawn_on` is the day it took effect), as
    #: `created_at` is when the nomination was recorded and `nominated_on` its day
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    #: the nomination that took over, when a focal point was replaced
    replaced_by: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    person: Mapped[PersonRow] = relationship(back_populates="nominations", lazy="selectin")
    #: the State's part in the review: capacity and group, read with the nomination
    participation: Mapped[ParticipationRow] = relationship(
        primaryjoin="and_(foreign(NominationRow.review_id) == ParticipationRow.review_id, "
                    "foreign(NominationRow.state_code) == ParticipationRow.state_code)",
        viewonly=True, lazy="selectin")


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


class StandingNominationRow(Base):
    """A person nominated for every review of the State in a role: the reviews the service
    hears of later are covered too, from the day the State was drawn into them."""

    __tablename__ = "standing_nominations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"))
    state_code: Mapped[str] = mapped_column(String(3), index=True)
    role: Mapped[str] = mapped_column(String(20))
    nominated_on: Mapped[dt.date] = mapped_column(Date)
    note_verbale_ref: Mapped[str | None] = mapped_column(String(100))
    note_verbale_date: Mapped[dt.date | None] = mapped_column(Date)
    withdrawn_on: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    person: Mapped[PersonRow] = relationship(lazy="selectin")


class ReviewStageRow(Base):
    """A stage change of a review as heard (ReviewStageChanged), on the day it happened: a
    review that has left the wait for nominations is not "waiting" for a focal point."""

    __tablename__ = "review_stages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[str] = mapped_column(String(36), unique=True)
    review_id: Mapped[int] = mapped_column(Integer, index=True)
    to_stage: Mapped[str] = mapped_column(String(40))
    changed_on: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
