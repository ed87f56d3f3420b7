"""The lots service's tables (its own database; nobody else writes them)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from shared.db.engine import UtcDateTime


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
    #: the day it became party to each instrument, where known
    convention_on: Mapped[dt.date | None] = mapped_column(Date)
    trafficking_on: Mapped[dt.date | None] = mapped_column(Date)
    smuggling_on: Mapped[dt.date | None] = mapped_column(Date)
    firearms_on: Mapped[dt.date | None] = mapped_column(Date)
    takes_part: Mapped[bool] = mapped_column(Boolean, default=True)
    kept_out_reason: Mapped[str | None] = mapped_column(Text)
    #: where the list the row was loaded from says its facts come from, and whether that
    #: source confirmed them (None: the row came without either)
    source: Mapped[str | None] = mapped_column(Text)
    confirmed: Mapped[bool | None] = mapped_column(Boolean)


class MeetingRow(Base):
    """A meeting at which lots were drawn or repeated (of the working group, in general)."""

    __tablename__ = "meetings"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    held_on: Mapped[dt.date] = mapped_column(Date)
    recorded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class ReviewGroupRow(Base):
    """A review group in one phase: the same group number comes back for each phase."""

    __tablename__ = "review_groups"
    __table_args__ = (UniqueConstraint("number", "phase", name="uq_review_groups_number_phase"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[int] = mapped_column(Integer)
    starts_on: Mapped[dt.date] = mapped_column(Date)
    phase: Mapped[int] = mapped_column(Integer)
    cluster: Mapped[int] = mapped_column(Integer)
    states_under_review: Mapped[list[str]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    #: States under review that agreed to another maximum of reviewing States
    reviewing_state_limits: Mapped[dict | None] = mapped_column(JSON)
    #: the seed of the division by lot that made this group, if one did
    division_seed: Mapped[str | None] = mapped_column(String(64))
    balanced_regions: Mapped[bool | None] = mapped_column(Boolean)
    draw: Mapped[DrawRow | None] = relationship(
        back_populates="group", uselist=False, lazy="selectin"
    )
    commitment: Mapped[CommitmentRow | None] = relationship(uselist=False, lazy="selectin")


class CommitmentRow(Base):
    """The SHA-256 of a draw's seed, published before the draw; the seed stays secret
    until the draw reveals it."""

    __tablename__ = "draw_commitments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("review_groups.id"), unique=True)
    commitment: Mapped[str] = mapped_column(String(64))
    seed: Mapped[str] = mapped_column(String(64))
    committed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class DrawRow(Base):
    __tablename__ = "draws"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("review_groups.id"), unique=True)
    #: None for a result recorded as drawn at a meeting: nothing here drew it
    seed: Mapped[str | None] = mapped_column(String(64))
    #: when it was recorded here; `drawn_on` is the day the lots were drawn
    drawn_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    drawn_on: Mapped[dt.date] = mapped_column(Date)
    meeting: Mapped[str | None] = mapped_column(ForeignKey("meetings.name"))
    #: the result was drawn at a meeting and recorded here, not drawn by this service
    recorded: Mapped[bool] = mapped_column(Boolean, default=False)
    #: the reviews that depart from a rule as agreed exceptions: {state under review: reason}
    exceptions: Mapped[dict | None] = mapped_column(JSON)
    commitment: Mapped[str | None] = mapped_column(String(64))
    #: everything the draw depended on besides its seed (domain/record.py), for replays
    inputs: Mapped[dict | None] = mapped_column(JSON)
    group: Mapped[ReviewGroupRow] = relationship(back_populates="draw", lazy="selectin")
    picks: Mapped[list[PickRow]] = relationship(order_by="PickRow.id", lazy="selectin")
    repetitions: Mapped[list[RepetitionRow]] = relationship(
        order_by="RepetitionRow.number", lazy="selectin")


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
    #: what the reviewer reviews: the instruments it shares, or the gap it fills
    instruments: Mapped[list[str] | None] = mapped_column(JSON)
    #: for an additional reviewer, the main reviewer whose gap it fills
    completes: Mapped[str | None] = mapped_column(String(3))


class RepetitionRow(Base):
    """One repetition of the draw for one reviewer of one review, and why."""

    __tablename__ = "draw_repetitions"
    __table_args__ = (UniqueConstraint("draw_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draw_id: Mapped[int] = mapped_column(ForeignKey("draws.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    phase: Mapped[int] = mapped_column(Integer)
    state_under_review: Mapped[str] = mapped_column(String(3))
    slot: Mapped[str] = mapped_column(String(20))
    replaced: Mapped[str] = mapped_column(String(3))
    replacement: Mapped[str] = mapped_column(String(3))
    requested_by: Mapped[str] = mapped_column(String(3), index=True)
    #: how many repetitions `requested_by` had asked for in the phase, this one included
    request_count: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str | None] = mapped_column(Text)
    exceptional: Mapped[bool] = mapped_column(Boolean)
    #: when it was recorded here; `repeated_on` is the day the draw was repeated
    requested_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    repeated_on: Mapped[dt.date] = mapped_column(Date)
    meeting: Mapped[str | None] = mapped_column(ForeignKey("meetings.name"))
    #: None for a repetition recorded as made at a meeting
    seed: Mapped[str | None] = mapped_column(String(64))
    pool: Mapped[list[str]] = mapped_column(JSON)
    instruments: Mapped[list[str]] = mapped_column(JSON)
    #: the pairs of the phase's other draws that bore on the State under review
    outside_pairs: Mapped[list[list[str]]] = mapped_column(JSON)


class CompletedReviewRow(Base):
    """A review completed, as the reviews service told (ReviewCompleted): the 70 per cent
    rule counts them."""

    __tablename__ = "completed_reviews"
    __table_args__ = (UniqueConstraint("group_number", "phase", "state_under_review",
                                       name="uq_completed_reviews"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_number: Mapped[int] = mapped_column(Integer)
    phase: Mapped[int] = mapped_column(Integer)
    state_under_review: Mapped[str] = mapped_column(String(3))
    completed_on: Mapped[dt.date] = mapped_column(Date)


class PhaseOverrideRow(Base):
    """The Conference's decision that a group's next phase may be drawn before the 70 per
    cent rule is met, as the reviews service told (PhaseOverrideRecorded)."""

    __tablename__ = "phase_overrides"
    __table_args__ = (UniqueConstraint("group_number", "phase", name="uq_phase_overrides"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_number: Mapped[int] = mapped_column(Integer)
    phase: Mapped[int] = mapped_column(Integer)
    decided_on: Mapped[dt.date] = mapped_column(Date)
    decided_by: Mapped[str] = mapped_column(String(120))
    reason: Mapped[str] = mapped_column(String(500))
