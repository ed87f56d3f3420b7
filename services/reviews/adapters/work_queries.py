"""Reads of what the States wrote in a review: the consultations, the written feedback,
the document versions and the translations (the questionnaire: questionnaire_queries)."""

from __future__ import annotations

from sqlalchemy import select

from services.reviews.adapters.orm import ReviewRow
from services.reviews.adapters.repository import SUMMARY_DOC, latest_version
from services.reviews.adapters.work_orm import (
    ConsultationRow,
    DocumentRow,
    FeedbackRow,
    TranslationRow,
)
from services.reviews.domain.rules import OFFICIAL_LANGUAGES
from shared.context import ServiceContext
from shared.web.errors import NotFound


def review_row(session, review_id: int) -> ReviewRow:
    """The review, or NotFound naming review_id."""
    row = session.get(ReviewRow, review_id)
    if row is None:
        raise NotFound(f"review {review_id} does not exist", field="review_id")
    return row


def rows_of(ctx: ServiceContext, review_id: int, model, order, **where) -> list:
    """The rows of `model` for one review (consultations, feedback, document versions)."""
    with ctx.session_factory() as session:
        review_row(session, review_id)
        query = select(model).where(model.review_id == review_id).order_by(*order)
        for key, value in where.items():
            query = query.where(getattr(model, key) == value)
        return list(session.scalars(query))


def consultations(ctx: ServiceContext, review_id: int) -> list:
    return rows_of(ctx, review_id, ConsultationRow, (ConsultationRow.id,))


def feedback(ctx: ServiceContext, review_id: int) -> list:
    return rows_of(ctx, review_id, FeedbackRow, (FeedbackRow.given_at, FeedbackRow.id))


def documents(ctx: ServiceContext, review_id: int, kind: str) -> list:
    return rows_of(ctx, review_id, DocumentRow, (DocumentRow.version,), kind=kind)


def translations(ctx: ServiceContext, review_id: int) -> list[dict]:
    """The six languages, each with the status of the latest summary's translation; a
    translation made of an earlier version counts as not yet requested."""
    with ctx.session_factory() as session:
        review_row(session, review_id)
        latest = latest_version(session, review_id, SUMMARY_DOC)
        rows = {t.language: t for t in session.scalars(
            select(TranslationRow).where(TranslationRow.review_id == review_id))}
    out = []
    for code in OFFICIAL_LANGUAGES:
        row = rows.get(code)
        current = row is not None and row.summary_version == latest
        out.append({"language": code, "summary_version": latest or None,
                    "status": row.status if current else "not_requested",
                    "updated_by": row.updated_by if current else None,
                    "updated_at": row.updated_at if current else None})
    return out
