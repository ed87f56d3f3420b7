"""Reads of the questionnaire for the API: the questions a review's State answers with
the answers as the caller may see them, each answer's versions, and the feedback per
question with its replies.

Who sees what (issue 19, item 6): the secretariat and the State under review see every
version, drafts included; the reviewing States (and their observers) see only what the
State under review has sent. A State not in the review never gets here (api/scope.py).
"""

from __future__ import annotations

from services.reviews.adapters.orm import ReviewRow
from services.reviews.adapters.questionnaires import (
    answer_rows,
    feedback_rows,
    latest_answers,
    questionnaire_of,
)
from services.reviews.adapters.work_queries import review_row
from shared.context import ServiceContext
from shared.web.errors import NotFound


def _sees_drafts(review: ReviewRow, viewer_state: str | None) -> bool:
    return viewer_state is None or viewer_state == review.state_under_review


def _answer(row) -> dict | None:
    if row is None:
        return None
    return {"version": row.version, "text": row.text, "legislation": row.legislation,
            "cases": row.cases, "written_by": row.written_by, "actor_state": row.actor_state,
            "written_on": row.written_on, "written_at": row.written_at,
            "submitted_at": row.submitted_at,
            "status": "draft" if row.submitted_at is None else "submitted"}


def questionnaire(ctx: ServiceContext, review_id: int, viewer_state: str | None) -> dict:
    """The review's questionnaire, each question with its latest answer the caller sees."""
    with ctx.session_factory() as session:
        review = review_row(session, review_id)
        fixed = questionnaire_of(session, review)
        answers = latest_answers(session, review_id,
                                 submitted_only=not _sees_drafts(review, viewer_state))
    if fixed is None:
        return {"cluster": review.cluster, "version": None, "instruments": [],
                "fixed": False, "questions": []}
    return {"cluster": fixed.cluster, "version": fixed.version,
            "instruments": list(fixed.instruments), "fixed": fixed.fixed,
            "questions": [{"question_id": q.id, "instrument": q.instrument,
                           "article": q.article, "subject": q.subject, "cites": q.cites,
                           "text": q.text, "answer": _answer(answers.get(q.id))}
                          for q in fixed.questions]}


def answer_versions(ctx: ServiceContext, review_id: int, question_id: str,
                    viewer_state: str | None) -> list[dict]:
    """Every version of one answer the caller sees, oldest first."""
    with ctx.session_factory() as session:
        review = review_row(session, review_id)
        fixed = questionnaire_of(session, review)
        if fixed is None or question_id not in fixed.ids:
            raise NotFound(f"{question_id} is not a question of review {review_id}'s "
                           "questionnaire", field="question_id")
        rows = answer_rows(session, review_id, question_id,
                           submitted_only=not _sees_drafts(review, viewer_state))
        return [_answer(row) for row in rows]


def feedback(ctx: ServiceContext, review_id: int) -> list[dict]:
    """The feedback per question, oldest first, each with the replies to it."""
    with ctx.session_factory() as session:
        review_row(session, review_id)
        items, replies = feedback_rows(session, review_id)
    return [{"id": f.id, "question_id": f.question_id, "state_code": f.state_code,
             "kind": f.kind, "text": f.text, "given_by": f.given_by, "given_on": f.given_on,
             "given_at": f.given_at,
             "replies": [r for r in replies if r.feedback_id == f.id]} for f in items]
