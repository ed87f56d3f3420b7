"""The notifications service's tables: its copies of States and mission contacts (built
from events), and every message it sent, holds or failed to send."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from shared.db import UtcDateTime

HELD, PENDING, SENT, FAILED = "held", "pending", "sent", "failed"
STATUSES = (HELD, PENDING, SENT, FAILED)


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
    recipients: Mapped[list[str]] = mapped_column(JSON)
    language: Mapped[str] = mapped_column(String(2))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    cause_event_id: Mapped[str] = mapped_column(String(36))
    correlation_id: Mapped[str | None] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(10))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    smtp_message_id: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
