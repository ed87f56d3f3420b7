"""The notifications service's tables: its copies of States, mission contacts, reviews and
focal points (built from events), the open items it reminds States of, and every message it
sent, holds, skipped or failed to send."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from shared.db.engine import UtcDateTime

HELD, PENDING, SENT, FAILED, SKIPPED = "held", "pending", "sent", "failed", "skipped"
STATUSES = (HELD, PENDING, SENT, FAILED, SKIPPED)


class Base(DeclarativeBase):
    pass


class StateRow(Base):
    """A copy of a State party's name (StatePartyRegistered), for the letters."""

    __tablename__ = "states"

    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class MissionRow(Base):
    """A copy of a Permanent Mission's contact (MissionContactChanged)."""

    __tablename__ = "missions"

    state_code: Mapped[str] = mapped_column(String(3), primary_key=True)
    emails: Mapped[list[str]] = mapped_column(JSON)
    language: Mapped[str] = mapped_column(String(2))
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    cause_event_id: Mapped[str] = mapped_column(String(36))


class MessageRow(Base):
    """One e-mail: rendered once, then held, pending (until sent), sent or failed."""

    __tablename__ = "messages"
    __table_args__ = (Index("ix_messages_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: one message per cause: the same event handled twice cannot write a second row
    idempotency_key: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    state_code: Mapped[str] = mapped_column(String(3), index=True)
    review_id: Mapped[int | None] = mapped_column(Integer)
    #: the To addresses: the Mission's (empty while the message is held)
    recipients: Mapped[list[str]] = mapped_column(JSON)
    #: the Cc addresses: focal points, and the secretariat on an escalated reminder
    cc: Mapped[list[str] | None] = mapped_column(JSON)
    language: Mapped[str] = mapped_column(String(2))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    #: the letter's variables (domain.frozen), to write a held letter again in the language
    #: of a Mission whose contact arrives later
    render_context: Mapped[dict | None] = mapped_column(JSON)
    cause_event_id: Mapped[str] = mapped_column(String(36))
    correlation_id: Mapped[str | None] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(10))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    smtp_message_id: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class ReviewRow(Base):
    """A copy of a country review (ReviewScheduled, ReviewStageChanged, DrawRepeated)."""

    __tablename__ = "reviews"

    review_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    state_under_review: Mapped[str] = mapped_column(String(3))
    reviewing_states: Mapped[list[str]] = mapped_column(JSON)
    starts_on: Mapped[dt.date | None] = mapped_column(Date)
    draw_id: Mapped[int | None] = mapped_column(Integer, index=True)
    group_number: Mapped[int | None] = mapped_column(Integer)
    stage: Mapped[str | None] = mapped_column(String(40))
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class FocalPointRow(Base):
    """A copy of a focal point (FocalPointNominated, NominationWithdrawn): copied on letters
    about the reviews it serves."""

    __tablename__ = "focal_points"

    nomination_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    state_code: Mapped[str] = mapped_column(String(3))
    review_id: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(320))
    active: Mapped[bool] = mapped_column(Boolean)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class ItemRow(Base):
    """Something a State owes by a deadline: a nomination, or a stage's work. Open until
    the event that settles it arrives; each round (a new deadline after a withdrawal)
    has its own row, so its reminders start again."""

    __tablename__ = "items"
    __table_args__ = (UniqueConstraint("state_code", "review_id", "topic", "round"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    state_code: Mapped[str] = mapped_column(String(3), index=True)
    review_id: Mapped[int] = mapped_column(Integer, index=True)
    #: "focal_point", "expert" or "stage:<stage>"
    topic: Mapped[str] = mapped_column(String(60))
    round: Mapped[int] = mapped_column(Integer)
    #: which reminder policy applies: focal_point, expert or stage
    policy: Mapped[str] = mapped_column(String(20))
    capacity: Mapped[str] = mapped_column(String(20))
    state_under_review: Mapped[str] = mapped_column(String(3))
    deadline: Mapped[dt.date] = mapped_column(Date)
    opened_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    opened_by: Mapped[str] = mapped_column(String(36))
    correlation_id: Mapped[str | None] = mapped_column(String(36))
    closed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    closed_by: Mapped[str | None] = mapped_column(String(120))
    #: opened by an event of the mechanism's past (a history import): if its deadline had
    #: passed by then, nobody is reminded of it (domain/schedule.reminds)
    history: Mapped[bool] = mapped_column(Boolean, default=False)
    reminders: Mapped[list[ReminderRow]] = relationship(
        back_populates="item", order_by="ReminderRow.id", lazy="selectin")


class ReminderRow(Base):
    """One slot of an item's schedule, reminded once: by the timed run or by another
    service's event, whichever came first (the unique key settles a race)."""

    __tablename__ = "reminders"
    __table_args__ = (UniqueConstraint("item_id", "slot"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"))
    slot: Mapped[str] = mapped_column(String(20))
    day: Mapped[dt.date] = mapped_column(Date)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id"))
    #: "schedule" (the timed run) or the type of the event that asked for it
    source: Mapped[str] = mapped_column(String(40))
    item: Mapped[ItemRow] = relationship(back_populates="reminders")


class SurveyInvitationRow(Base):
    """A State invited to a survey (SurveyOpened): its focal points' and experts' addresses,
    so that they are reminded before the deadline until the State answers (SurveyAnswered)
    or the survey closes (SurveyClosed); `reminded` lists the reminder slots sent."""

    __tablename__ = "survey_invitations"
    __table_args__ = (UniqueConstraint("survey_id", "state_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    survey_id: Mapped[int] = mapped_column(Integer)
    state_code: Mapped[str] = mapped_column(String(3))
    title: Mapped[str] = mapped_column(String(300))
    deadline: Mapped[dt.date] = mapped_column(Date)
    emails: Mapped[list] = mapped_column(JSON)
    opened_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    opened_by: Mapped[str] = mapped_column(String(36))
    correlation_id: Mapped[str | None] = mapped_column(String(36))
    history: Mapped[bool] = mapped_column(Boolean, default=False)
    reminded: Mapped[list] = mapped_column(JSON, default=list)
    settled_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
