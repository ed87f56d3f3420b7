"""What is written inside a stage without moving it: versions of the list of observations
and of the summary, and the summary's translations (answers: handlers/answers.py).
"""

from __future__ import annotations

import datetime as dt

from services.reviews.adapters.orm import ReviewRow
from services.reviews.adapters.repository import OBSERVATIONS, SUMMARY_DOC
from services.reviews.adapters.unit_of_work import ReviewsUnitOfWork
from services.reviews.adapters.work_orm import DocumentRow, TranslationRow
from services.reviews.domain import lifecycle
from services.reviews.domain.facts import Actor, Outcome
from services.reviews.domain.rules import count_words
from services.reviews.handlers.stages import run_command
from shared.context import ServiceContext

KINDS = (OBSERVATIONS, SUMMARY_DOC)


def write_document(ctx: ServiceContext, review_id: int, actor: Actor, kind: str,
                   text: str) -> int:
    """Add a version of the list of observations or of the summary; return its number."""
    decide = lifecycle.write_observations if kind == OBSERVATIONS else (
        lambda facts: lifecycle.write_summary(facts, text))
    version = 0

    def write(uow: ReviewsUnitOfWork, review: ReviewRow, now: dt.datetime) -> None:
        nonlocal version
        version = uow.latest_version(review.id, kind) + 1
        uow.add(DocumentRow(review_id=review.id, kind=kind, version=version, text=text,
                                word_count=count_words(text), written_by=actor.name,
                                actor_state=actor.state, written_at=now))

    run_command(ctx, review_id, actor, decide, write)
    return version


def track_translation(ctx: ServiceContext, review_id: int, actor: Actor, language: str,
                      status: str) -> Outcome:
    """The translation of the latest summary into `language` is requested, in progress or
    done (note, para. 38: into the six official languages)."""

    def write(uow: ReviewsUnitOfWork, review: ReviewRow, now: dt.datetime) -> None:
        version = uow.latest_version(review.id, SUMMARY_DOC)
        row = uow.translation(review.id, language)
        if row is None:
            row = TranslationRow(review_id=review.id, language=language)
            uow.add(row)
        row.summary_version, row.status, row.updated_by, row.updated_at = (
            version, status, actor.name, now)

    return run_command(ctx, review_id, actor, lambda facts: lifecycle.track_translation(
        facts, language, status), write)
