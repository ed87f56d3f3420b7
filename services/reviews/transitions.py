"""Loading a review for a command, and making a stage move: the history row, the
review's new stage, and `ReviewStageChanged` (and `ReviewCompleted`) in the outbox, all in
the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from services.reviews.adapters.orm import FocalPointRow, ReviewRow, StageChangeRow
from services.reviews.adapters.questions import question_ids
from services.reviews.adapters.work_orm import (
    AnswerRow,
    ConsultationRow,
    DocumentRow,
    FeedbackRow,
    TranslationRow,
)
from services.reviews.domain import stages as s
from services.reviews.domain.deadlines import DeadlinePolicy, deadline_for
from services.reviews.domain.facts import Actor, Move, ReviewFacts
from services.reviews.domain.rules import TRANSLATED, Refused
from shared.bus.outbox import record
from shared.errors import Conflict, NotFound, RuleViolated
from shared.events import Envelope, new_event

OBSERVATIONS, SUMMARY_DOC = "observations", "summary"


@contextmanager
def refusals() -> Iterator[None]:
    """A rule's refusal becomes the API's answer: 409 when the review's state is at fault,
    422 when the request is."""
    try:
        yield
    except Refused as exc:
        error = Conflict if exc.conflict else RuleViolated
        raise error(exc.detail, field=exc.field) from exc


def review_for_update(session: Session, review_id: int) -> ReviewRow:
    """The review, locked until the transaction ends so that two commands on it queue."""
    row = session.scalar(select(ReviewRow).where(ReviewRow.id == review_id).with_for_update())
    if row is None:
        raise NotFound(f"review {review_id} does not exist", field="review_id")
    return row


def load_facts(session: Session, review: ReviewRow) -> ReviewFacts:
    """What the rules need to know about `review`, from its rows."""
    rid = review.id
    consultation = session.scalar(select(ConsultationRow).where(
        ConsultationRow.review_id == rid, ConsultationRow.superseded_at.is_(None)))
    return ReviewFacts(
        stage=review.stage,
        state_under_review=review.state_under_review,
        reviewing_states=tuple(review.reviewing_states),
        focal_points=frozenset(session.scalars(select(FocalPointRow.state_code).where(
            FocalPointRow.review_id == rid, FocalPointRow.withdrawn_on.is_(None)))),
        consultation_held=consultation is not None,
        languages=tuple(consultation.languages) if consultation else (),
        exceptional_reason=consultation.exceptional_reason if consultation else None,
        questions=question_ids(review.cluster),
        answered=frozenset(session.scalars(
            select(AnswerRow.question_id).where(AnswerRow.review_id == rid))),
        questionnaire_submitted=review.questionnaire_received_on is not None,
        feedback_from=frozenset(session.scalars(select(FeedbackRow.state_code).where(
            FeedbackRow.review_id == rid, FeedbackRow.superseded_at.is_(None)))),
        observation_versions=latest_version(session, rid, OBSERVATIONS),
        summary_versions=(summary := latest_version(session, rid, SUMMARY_DOC)),
        translated=frozenset(session.scalars(select(TranslationRow.language).where(
            TranslationRow.review_id == rid, TranslationRow.summary_version == summary,
            TranslationRow.status == TRANSLATED))),
    )


def latest_version(session: Session, review_id: int, kind: str) -> int:
    return session.scalar(select(func.coalesce(func.max(DocumentRow.version), 0)).where(
        DocumentRow.review_id == review_id, DocumentRow.kind == kind))


def deadline_of(review: ReviewRow, policy: DeadlinePolicy) -> dt.date | None:
    return deadline_for(review.stage, policy, starts_on=review.starts_on,
                        entered_on=review.stage_entered_at.date(),
                        questionnaire_received_on=review.questionnaire_received_on)


def make_move(session: Session, review: ReviewRow, move: Move, actor: Actor,
              now: dt.datetime, policy: DeadlinePolicy, cause: Envelope | None = None) -> None:
    """Record `move` (who, when, why, from, to) and publish it through the outbox."""
    session.add(StageChangeRow(
        review_id=review.id, from_stage=move.from_stage, to_stage=move.to_stage,
        changed_at=now, changed_by=actor.name, actor_state=actor.state, reason=move.reason))
    review.stage, review.stage_entered_at, review.updated_at = move.to_stage, now, now
    if move.backward:
        _forget_on_return(session, review, move.to_stage, now)
    events = [_event(cause, "ReviewStageChanged", {
        "review_id": review.id, "group_number": review.group_number,
        "state_under_review": review.state_under_review,
        "reviewing_states": list(review.reviewing_states),
        "from_stage": move.from_stage, "to_stage": move.to_stage,
        "changed_by": actor.name, "reason": move.reason,
        "deadline": deadline_of(review, policy),
    }, now)]
    if move.to_stage == s.COMPLETED:
        events.append(_event(cause, "ReviewCompleted", {
            "review_id": review.id, "group_number": review.group_number,
            "phase": review.phase, "state_under_review": review.state_under_review,
            "completed_on": now.date(),
        }, now))
    record(session, *events)


def _event(cause: Envelope | None, type_: str, payload: dict, now: dt.datetime) -> Envelope:
    return cause.caused(type_, payload, now) if cause else new_event(type_, payload, now)


def _forget_on_return(session: Session, review: ReviewRow, stage: str,
                      now: dt.datetime) -> None:
    """Mirror of the domain's rule: the stage returned to must produce its output again.
    Superseded rows stay, for the record and for reports as of earlier dates."""
    if stage == s.PRELIMINARY_CONSULTATION:
        session.execute(update(ConsultationRow).where(
            ConsultationRow.review_id == review.id, ConsultationRow.superseded_at.is_(None)
        ).values(superseded_at=now))
    elif stage == s.SELF_ASSESSMENT:
        review.questionnaire_received_on = None
    elif stage == s.WRITTEN_FEEDBACK:
        session.execute(update(FeedbackRow).where(
            FeedbackRow.review_id == review.id, FeedbackRow.superseded_at.is_(None)
        ).values(superseded_at=now))
