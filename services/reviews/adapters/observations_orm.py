"""The lists of observations per article (issue 19, item 3): the categories of technical
assistance (data the secretariat extends), each version of a review's list, and its items.

A version is never changed but to record its agreement and adoption: a new draft is a new
version, and the earlier ones stay for the record and for reports as of a past day.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from services.reviews.adapters.orm import Base
from shared.db.engine import UtcDateTime


class NeedCategoryRow(Base):
    __tablename__ = "need_categories"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    label: Mapped[str] = mapped_column(String(120))
    added_by: Mapped[str] = mapped_column(String(120))
    added_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class ObservationListRow(Base):
    """One version of a review's list of observations, and where it stands."""

    __tablename__ = "observation_lists"
    __table_args__ = (
        UniqueConstraint("review_id", "version", name="uq_observation_list_versions"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    drafted_by: Mapped[str] = mapped_column(String(120))
    drafter_state: Mapped[str] = mapped_column(String(3))
    drafted_on: Mapped[dt.date] = mapped_column(Date)
    drafted_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    agreed_by: Mapped[str | None] = mapped_column(String(120))
    agreed_on: Mapped[dt.date | None] = mapped_column(Date)
    agreed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    #: whether the State under review agreed that its good practices be published
    #: (the general report of trends quotes only these)
    good_practices_public: Mapped[bool | None] = mapped_column(Boolean)
    adopted_by: Mapped[str | None] = mapped_column(String(120))
    adopted_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    adopted_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class ObservationItemRow(Base):
    """One success, challenge or need observed on one article, in one version."""

    __tablename__ = "observation_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("observation_lists.id"), index=True)
    instrument: Mapped[str] = mapped_column(String(20))
    article: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(20))
    category: Mapped[str | None] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
