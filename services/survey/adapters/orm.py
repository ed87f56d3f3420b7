"""The survey service's tables (its own database; nobody else writes them): the surveys,
their questions and options, the States each is open to, every answer a State gave (the
one in force and those it replaced), and its copies of the States and of the nominated
persons, made from the lots' and the nominations' events."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from shared.db.engine import UtcDateTime


class Base(DeclarativeBase):
    pass


class SurveyRow(Base):
    __tablename__ = "surveys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    introduction: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10))
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    opened_on: Mapped[dt.date | None] = mapped_column(Date)
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    questions: Mapped[list[QuestionRow]] = relationship(
        order_by="QuestionRow.position", lazy="selectin")


class QuestionRow(Base):
    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(String(1000))
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    options: Mapped[list[OptionRow]] = relationship(
        order_by="OptionRow.position", lazy="selectin")


class OptionRow(Base):
    __tablename__ = "options"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(300))
    statement: Mapped[str | None] = mapped_column(String(300))


class InvitedStateRow(Base):
    """A State the survey is open to."""

    __tablename__ = "invited_states"

    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"), primary_key=True)
    state_code: Mapped[str] = mapped_column(String(3), primary_key=True)


class ResponseRow(Base):
    """One answer of a State: the latest on or before a day is the one in force then; a
    later one replaces it (`replaced_at`) and both are kept. `parts` holds each question's
    options chosen or text written, as the respondent sent them (checked)."""

    __tablename__ = "responses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"), index=True)
    state_code: Mapped[str] = mapped_column(String(3))
    answered_on: Mapped[dt.date] = mapped_column(Date)
    recorded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    respondent: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    parts: Mapped[list] = mapped_column(JSON)
    replaced_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class ChoiceRow(Base):
    """An option a response chose: the rows the results (and their SQL baseline) count."""

    __tablename__ = "choices"

    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id"), primary_key=True)
    option_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[int] = mapped_column(Integer)


class StateRow(Base):
    """A State party as lots registered it: its regional group groups the results."""

    __tablename__ = "states"

    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    regional_group: Mapped[str | None] = mapped_column(String(40))


class PersonRow(Base):
    """A focal point or governmental expert of a State, as nominated (one row a
    nomination); a withdrawn one is not invited any more."""

    __tablename__ = "persons"

    nomination_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    state_code: Mapped[str] = mapped_column(String(3), index=True)
    role: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    withdrawn_on: Mapped[dt.date | None] = mapped_column(Date)
