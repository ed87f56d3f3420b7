"""Read-side queries of the reviews service (the views stay free of sessions)."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import cast, func, or_, select
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Connection

from services.reviews.adapters.orm import ReviewRow
from services.reviews.adapters.repository import deadline_of, history_of, load_facts
from services.reviews.domain.deadlines import DeadlinePolicy, deadline_for
from services.reviews.domain.facts import ReviewFacts
from shared.context import ServiceContext
from shared.web.errors import NotFound
from shared.web.pagination import rows_page

REVIEWS = ReviewRow.__table__
_COLUMNS = ReviewRow.__mapper__.column_attrs


def list_reviews(
    conn: Connection,
    pagination,
    group_number: int | None = None,
    stage: str | None = None,
    state: str | None = None,
) -> list[dict]:
    """One page of the reviews as plain rows: the list shows the review's own columns, none
    of its history, so there is nothing for the ORM to build (and the page is read inside
    the caller's connection, with the data version that keys its cache)."""
    query = select(REVIEWS).order_by(REVIEWS.c.group_number, REVIEWS.c.state_under_review,
                                     REVIEWS.c.id)
    if group_number is not None:
        query = query.where(REVIEWS.c.group_number == group_number)
    if stage:
        query = query.where(REVIEWS.c.stage == stage)
    if state:
        query = query.where(or_(REVIEWS.c.state_under_review == state,
                                _lists_reviewer(conn, state)))
    return rows_page(conn, query, pagination)


def with_deadlines(rows: list[dict], policy: DeadlinePolicy) -> list[dict]:
    """The list's rows, each with the day its present stage is due, as the detail says it:
    a page of the list then says what is late without a request per review."""
    for row in rows:
        row["deadline"] = deadline_for(
            row["stage"], policy, starts_on=row["starts_on"],
            entered_on=row["stage_entered_on"],
            questionnaire_received_on=row["questionnaire_received_on"])
    return rows


def _lists_reviewer(conn: Connection, state: str):
    """The review's JSON list of reviewing States holds `state` as one of its elements,
    compared exactly, whatever `state` holds: PostgreSQL's `?` on the list as jsonb,
    SQLite's json_each."""
    if conn.dialect.name == "postgresql":
        return cast(REVIEWS.c.reviewing_states, JSONB).has_key(state)
    element = func.json_each(REVIEWS.c.reviewing_states).table_valued("value")
    return select(element.c.value).where(element.c.value == state).exists()


def get_review(ctx: ServiceContext, review_id: int) -> dict:
    """The review, its history, and where it stands: deadline, focal points known,
    languages agreed, questionnaire received, feedback given, documents written."""
    with ctx.session_factory() as session:
        row = session.get(ReviewRow, review_id)
        if row is None:
            raise NotFound(f"review {review_id} does not exist", field="review_id")
        return detail_of(row, load_facts(session, row), history_of(session, review_id),
                         ctx.settings.deadlines)


def detail_of(row: ReviewRow, facts: ReviewFacts, history: list[Mapping],
              policy: DeadlinePolicy) -> dict:
    """The detail of a review from its row, its facts and its history (oldest change
    first): what GET /reviews/<id> shows, and what a stage command answers with."""
    detail = {column.key: getattr(row, column.key) for column in _COLUMNS}
    detail.update(
        history=history,
        deadline=deadline_of(row, policy),
        focal_points=sorted(facts.focal_points),
        missing_focal_points=list(facts.missing_focal_points),
        languages=list(facts.languages),
        consultation_without_agreement=facts.consultation_without_agreement,
        exceptional_reason=facts.exceptional_reason,
        questions=len(facts.questions),
        answered=len(facts.answered & facts.questions),
        feedback_from=sorted(facts.feedback_from),
        observation_versions=facts.observation_versions,
        summary_versions=facts.summary_versions,
        translated=sorted(facts.translated),
    )
    return detail
