"""The reviews handlers' unit of work: one transaction, the reviews and what the States
wrote in them read and written through it, and the outbox written in it.

A handler touches the database only through its unit of work, so its unit tests run on an
in-memory fake (tests/unit/reviews/fakes.py) and its integration tests on the real
databases. Event handlers run in the consumer's transaction: `with_sessions` hands them
the consumer's session wrapped in a unit of work.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from services.reviews.adapters import repository, snapshot
from services.reviews.adapters.draws_orm import DrawCopyRow
from services.reviews.adapters.observations_store import ObservationStore
from services.reviews.adapters.orm import (
    DeadlineNoticeRow,
    FocalPointRow,
    PhaseRow,
    ReviewRow,
    StageChangeRow,
)
from services.reviews.adapters.questionnaire_store import QuestionnaireStore
from services.reviews.adapters.work_orm import (
    ConsultationRow,
    FeedbackRow,
    TranslationRow,
)
from services.reviews.domain import stages as s
from services.reviews.domain.facts import Actor, Move, ReviewFacts
from services.reviews.domain.report.snapshot import PhaseAsOf, ReviewAsOf, Snapshot
from shared.db.engine import transaction
from shared.db.unit_of_work import SessionUnitOfWork, on_consumer_session
from shared.events import Envelope


class ReviewsUnitOfWork(QuestionnaireStore, SessionUnitOfWork):
    @property
    def observations(self) -> ObservationStore:
        """The lists of observations per article and what the report of trends reads."""
        return ObservationStore(self.session)

    def review_for_update(self, review_id: int) -> ReviewRow:
        """The review, locked until the transaction ends; NotFound if there is none."""
        return repository.review_for_update(self.session, review_id)

    def review_of_draw_for_update(self, draw_id: int, state_under_review: str) -> ReviewRow | None:
        return self.session.scalar(select(ReviewRow).where(
            ReviewRow.draw_id == draw_id,
            ReviewRow.state_under_review == state_under_review).with_for_update())

    def review_named(self, phase: int, state_under_review: str) -> ReviewRow | None:
        """The review of `state_under_review` in `phase` (a State is reviewed once in a
        phase), locked: how the history bundle names a review."""
        return self.session.scalar(select(ReviewRow).where(
            ReviewRow.phase == phase, ReviewRow.state_under_review == state_under_review,
        ).order_by(ReviewRow.id).limit(1).with_for_update())

    def stage_days(self, review_id: int) -> set[tuple[str, dt.date]]:
        """(stage entered, day) of each of the review's stage changes."""
        return {tuple(row) for row in self.session.execute(
            select(StageChangeRow.to_stage, StageChangeRow.changed_on).where(
                StageChangeRow.review_id == review_id,
                or_(StageChangeRow.from_stage.is_(None),
                    StageChangeRow.from_stage != StageChangeRow.to_stage)))}

    def consultation_days(self, review_id: int) -> set[dt.date]:
        """The days the review's preliminary consultations were held."""
        return set(self.session.scalars(select(ConsultationRow.held_on).where(
            ConsultationRow.review_id == review_id)))

    def scheduled_in_draw(self, draw_id: int) -> set[str]:
        """The States under review the draw already scheduled."""
        return set(self.session.scalars(
            select(ReviewRow.state_under_review).where(ReviewRow.draw_id == draw_id)))

    def open_reviews(self) -> list[ReviewRow]:
        """The reviews not completed (those that can still miss a deadline)."""
        return list(self.session.scalars(select(ReviewRow).where(ReviewRow.stage != s.COMPLETED)))

    def waiting_reviews(self, as_of: dt.date) -> list[ReviewRow]:
        """The reviews still waiting for nominations whose group has started by `as_of`,
        locked: the start sweep may start them."""
        return list(self.session.scalars(select(ReviewRow).where(
            ReviewRow.stage == s.WAITING_FOR_NOMINATIONS, ReviewRow.starts_on <= as_of)
            .order_by(ReviewRow.id).with_for_update()))

    def focal_points_nominated_on(self, review_id: int,
                                  states: Iterable[str]) -> list[dt.date]:
        """For each of `states` with a focal point in office for the review, the day it
        has had one since (its earliest nomination still in office)."""
        wanted, since = set(states), {}
        for code, day in self.session.execute(
                select(FocalPointRow.state_code, FocalPointRow.nominated_on).where(
                    FocalPointRow.review_id == review_id,
                    FocalPointRow.withdrawn_on.is_(None))):
            if code in wanted:
                since[code] = min(since.get(code, day), day)
        return list(since.values())

    def draw_copy(self, draw_id: int) -> DrawCopyRow | None:
        return self.session.scalar(select(DrawCopyRow).where(DrawCopyRow.draw_id == draw_id))

    def facts(self, review: ReviewRow) -> ReviewFacts:
        return repository.load_facts(self.session, review)

    def history(self, review_id: int) -> list[Mapping]:
        return repository.history_of(self.session, review_id)

    def add_stage_change(self, review: ReviewRow, move: Move, actor: Actor,
                         now: dt.datetime, on: dt.date) -> None:
        repository.add_stage_change(self.session, review.id, move, actor, now, on)

    def forget_on_return(self, review: ReviewRow, stage: str, now: dt.datetime,
                         on: dt.date) -> None:
        """What the stage returned to produces is superseded (kept for the record)."""
        repository.forget_on_return(self.session, review, stage, now, on)

    def focal_point(self, nomination_id: int) -> FocalPointRow | None:
        return self.session.scalar(
            select(FocalPointRow).where(FocalPointRow.nomination_id == nomination_id))

    def phase_for_update(self, group_number: int, phase: int) -> PhaseRow | None:
        return self.session.scalar(select(PhaseRow).where(
            PhaseRow.group_number == group_number, PhaseRow.phase == phase).with_for_update())

    def translation(self, review_id: int, language: str) -> TranslationRow | None:
        return self.session.scalar(select(TranslationRow).where(
            TranslationRow.review_id == review_id, TranslationRow.language == language))

    def latest_version(self, review_id: int, kind: str) -> int:
        return repository.latest_version(self.session, review_id, kind)

    def announced(self, review_ids: list[int]) -> set[tuple]:
        """(review, stage, deadline) of the missed deadlines already announced."""
        if not review_ids:
            return set()
        wanted = set(review_ids)
        rows = self.session.execute(select(
            DeadlineNoticeRow.review_id, DeadlineNoticeRow.stage, DeadlineNoticeRow.deadline))
        return {tuple(row) for row in rows if row.review_id in wanted}

    def who_acted(self, review_ids: list[int]) -> tuple[dict, dict]:
        """The focal points in office and the feedback in force, per review."""
        focal: dict[int, set[str]] = defaultdict(set)
        feedback: dict[int, set[str]] = defaultdict(set)
        if not review_ids:
            return focal, feedback
        wanted = set(review_ids)
        for rid, code in self.session.execute(
                select(FocalPointRow.review_id, FocalPointRow.state_code)
                .where(FocalPointRow.withdrawn_on.is_(None))):
            if rid in wanted:
                focal[rid].add(code)
        for rid, code in self.session.execute(
                select(FeedbackRow.review_id, FeedbackRow.state_code)
                .where(FeedbackRow.superseded_at.is_(None))):
            if rid in wanted:
                feedback[rid].add(code)
        return focal, feedback

    def phases(self) -> list[PhaseAsOf]:
        return snapshot.phases_of(self.session)

    def reviews_as_of(self, as_of: dt.date) -> list[ReviewAsOf]:
        return snapshot.reviews_as_of(self.session, as_of)

    def snapshot(self, as_of: dt.date) -> Snapshot:
        """Where every review stood at the end of `as_of` (the report's records)."""
        return snapshot.take_snapshot(self.session, as_of)


@contextmanager
def unit_of_work(session_factory: sessionmaker[Session]) -> Iterator[ReviewsUnitOfWork]:
    """Commit on success, roll back on any error."""
    with transaction(session_factory) as session:
        yield ReviewsUnitOfWork(session)


def with_sessions(
    handlers: Mapping[str, Callable]
) -> dict[str, Callable[[Session, Envelope], None]]:
    """The consumer's map (`handler(session, event)`, in its transaction) from the
    handlers' map (`handler(uow, event)`)."""
    return on_consumer_session(handlers, ReviewsUnitOfWork)
