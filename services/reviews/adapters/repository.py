"""Loading a review for a command, and writing a stage move: the history row, and what
the stage returned to must produce again, in the caller's transaction.

A command runs on every stage change, so what it reads and writes often goes through
statements built once (Core, with bound parameters), in as few round trips as it can.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager

from sqlalchemy import (
    JSON,
    Integer,
    Update,
    bindparam,
    cast,
    func,
    insert,
    literal_column,
    null,
    select,
    union_all,
    update,
)
from sqlalchemy.orm import Session

from services.reviews.adapters.orm import FocalPointRow, ReviewRow, StageChangeRow
from services.reviews.adapters.questionnaire_orm import (
    AnswerVersionRow,
    BankQuestionRow,
    ReviewQuestionnaireRow,
)
from services.reviews.adapters.questionnaires import unfixed_question_ids
from services.reviews.adapters.work_orm import (
    ConsultationRow,
    DocumentRow,
    FeedbackRow,
    TranslationRow,
)
from services.reviews.domain import stages as s
from services.reviews.domain.deadlines import DeadlinePolicy, deadline_for
from services.reviews.domain.facts import Actor, Move, ReviewFacts
from services.reviews.domain.rules import TRANSLATED, Refused
from shared.web.errors import Conflict, NotFound, RuleViolated

OBSERVATIONS, SUMMARY_DOC = "observations", "summary"
#: a consultation in force that found no agreement on the working languages
NO_AGREEMENT = "no_agreement"


@contextmanager
def refusals() -> Iterator[None]:
    """A rule's refusal becomes the API's answer: 409 when the review's state is at fault,
    422 when the request is."""
    try:
        yield
    except Refused as exc:
        error = Conflict if exc.conflict else RuleViolated
        raise error(exc.detail, field=exc.field) from exc


#: built once, as every statement here: building and keying a statement again on each
#: call was a good part of what a command's reads cost
_REVIEW_FOR_UPDATE = select(ReviewRow).where(
    ReviewRow.id == bindparam("review_id")).with_for_update()


def review_for_update(session: Session, review_id: int) -> ReviewRow:
    """The review, locked until the transaction ends so that two commands on it queue."""
    row = session.scalar(_REVIEW_FOR_UPDATE, {"review_id": review_id})
    if row is None:
        raise NotFound(f"review {review_id} does not exist", field="review_id")
    return row


def _facts_query():
    """Everything `load_facts` reads about one review, as one UNION ALL of (what, name,
    number, languages) rows: one round trip instead of seven, built and compiled once.
    The consultation comes first, so that its JSON column types the result's fourth; the
    columns a branch lacks are typed NULLs (PostgreSQL will not match an untyped one)."""
    rid = bindparam("review_id")
    c, f, a, fb, d, t, bq, rq = (row.__table__ for row in (
        ConsultationRow, FocalPointRow, AnswerVersionRow, FeedbackRow, DocumentRow,
        TranslationRow, BankQuestionRow, ReviewQuestionnaireRow))

    def rows(what: str, name, number=None, languages=None):
        kind = literal_column(f"'{what}'")
        return select(kind, name, cast(null(), Integer) if number is None else number,
                      cast(null(), JSON) if languages is None else languages)

    return union_all(
        rows("consultation", c.c.exceptional_reason, languages=c.c.languages).where(
            c.c.review_id == rid, c.c.superseded_at.is_(None), c.c.languages_agreed),
        rows(NO_AGREEMENT, c.c.recorded_by).where(
            c.c.review_id == rid, c.c.superseded_at.is_(None), ~c.c.languages_agreed),
        rows("focal_point", f.c.state_code).where(
            f.c.review_id == rid, f.c.withdrawn_on.is_(None)),
        rows("answer", a.c.question_id).where(a.c.review_id == rid).group_by(a.c.question_id),
        rows("feedback", fb.c.state_code).where(
            fb.c.review_id == rid, fb.c.superseded_at.is_(None)),
        rows("document", d.c.kind, func.max(d.c.version)).where(
            d.c.review_id == rid, d.c.kind.in_((OBSERVATIONS, SUMMARY_DOC))).group_by(d.c.kind),
        rows("translation", t.c.language, t.c.summary_version).where(
            t.c.review_id == rid, t.c.status == TRANSLATED),
        # the fixed questionnaire's questions, "instrument:id", with its instruments
        rows("question", bq.c.instrument + ":" + bq.c.question_id,
             languages=rq.c.instruments).select_from(
            bq.join(rq, rq.c.bank_id == bq.c.bank_id)).where(rq.c.review_id == rid),
    )


_FACTS = _facts_query()


def load_facts(session: Session, review: ReviewRow) -> ReviewFacts:
    """What the rules need to know about `review`, from its rows (one query; a few more
    for the questions of a questionnaire its first answer has not fixed yet)."""
    rows = session.execute(_FACTS, {"review_id": review.id}).all()
    if any(row[0] == "question" for row in rows):
        return facts_of(review, rows)
    return facts_of(review, rows, unfixed_question_ids(session, review))


def facts_of(review: ReviewRow, rows: Iterable[tuple],
             questions: frozenset[str] = frozenset()) -> ReviewFacts:
    """The facts from the review's row and its (what, name, number, languages) rows: the
    consultation, focal points, answers, feedback, documents and translations in force,
    and the fixed questionnaire's questions on its instruments; `questions` stand for
    those of a questionnaire not fixed yet."""
    fixed: set[str] = set()
    consultation: tuple | None = None
    without_agreement = False
    names: dict[str, set[str]] = {"focal_point": set(), "answer": set(), "feedback": set()}
    versions: dict[str, int] = {}
    translations: list[tuple[str, int]] = []
    for what, name, number, languages in rows:
        if what == "consultation":
            consultation = consultation or (languages, name)
        elif what == NO_AGREEMENT:
            without_agreement = True
        elif what == "document":
            versions[name] = number
        elif what == "translation":
            translations.append((name, number))
        elif what == "question":
            instrument, question_id = name.split(":", 1)
            if instrument in languages:
                fixed.add(question_id)
        else:
            names[what].add(name)
    summary = versions.get(SUMMARY_DOC, 0)
    return ReviewFacts(
        stage=review.stage,
        state_under_review=review.state_under_review,
        reviewing_states=tuple(review.reviewing_states),
        focal_points=frozenset(names["focal_point"]),
        consultation_held=consultation is not None,
        consultation_without_agreement=without_agreement and consultation is None,
        languages=tuple(consultation[0]) if consultation else (),
        exceptional_reason=consultation[1] if consultation else None,
        questions=frozenset(fixed) or questions,
        answered=frozenset(names["answer"]),
        questionnaire_submitted=review.questionnaire_received_on is not None,
        feedback_from=frozenset(names["feedback"]),
        observation_versions=versions.get(OBSERVATIONS, 0),
        summary_versions=summary,
        # the translations of the latest summary only: an earlier version's do not count
        translated=frozenset(lang for lang, version in translations if version == summary),
        starts_on=review.starts_on,
    )


def latest_version(session: Session, review_id: int, kind: str) -> int:
    return session.scalar(select(func.coalesce(func.max(DocumentRow.version), 0)).where(
        DocumentRow.review_id == review_id, DocumentRow.kind == kind))


_HISTORY = StageChangeRow.__table__
#: a change goes in as a plain insert: nothing reads it back as an object
_INSERT_CHANGE = insert(_HISTORY)
_HISTORY_OF = select(
    _HISTORY.c.from_stage, _HISTORY.c.to_stage, _HISTORY.c.changed_on, _HISTORY.c.changed_at,
    _HISTORY.c.changed_by, _HISTORY.c.actor_state, _HISTORY.c.reason,
).where(_HISTORY.c.review_id == bindparam("review_id")).order_by(
    _HISTORY.c.changed_on, _HISTORY.c.id)


def history_of(session: Session, review_id: int) -> list[Mapping]:
    """The review's stage changes, by the day they happened, as plain rows: the answers only show
    them, and building an ORM object per change cost three times as much as reading it."""
    return session.execute(_HISTORY_OF, {"review_id": review_id}).mappings().all()


def deadline_of(review: ReviewRow, policy: DeadlinePolicy) -> dt.date | None:
    return deadline_for(review.stage, policy, starts_on=review.starts_on,
                        entered_on=review.stage_entered_on,
                        questionnaire_received_on=review.questionnaire_received_on)


def add_stage_change(session: Session, review_id: int, move: Move, actor: Actor,
                     now: dt.datetime, on: dt.date) -> None:
    """One row of the review's stage history: who, from, to and why, the day it happened
    and when it was recorded."""
    session.execute(_INSERT_CHANGE, {
        "review_id": review_id, "from_stage": move.from_stage, "to_stage": move.to_stage,
        "changed_at": now, "changed_on": on, "changed_by": actor.name,
        "actor_state": actor.state, "reason": move.reason})


def _supersede(row_class, **day) -> Update:
    """Mark a review's current rows of `row_class` superseded: a Core statement, built once.
    No object of these classes is loaded in a command's session (the facts are read as
    plain rows), so there is no in-session copy for the ORM to bring up to date."""
    table = row_class.__table__
    return update(table).where(
        table.c.review_id == bindparam("of_review"), table.c.superseded_at.is_(None)
    ).values(superseded_at=bindparam("now", type_=table.c.superseded_at.type), **day)


#: a consultation keeps the day it was superseded too: the report as of a date reads it
_SUPERSEDE_CONSULTATION = _supersede(ConsultationRow, superseded_on=bindparam("on"))
_SUPERSEDE_FEEDBACK = _supersede(FeedbackRow)


def forget_on_return(session: Session, review: ReviewRow, stage: str,
                     now: dt.datetime, on: dt.date) -> None:
    """Mirror of the domain's rule: the stage returned to must produce its output again,
    from the day `on` the review was sent back. Superseded rows stay, for the record and
    for reports as of earlier dates."""
    if stage == s.PRELIMINARY_CONSULTATION:
        session.execute(_SUPERSEDE_CONSULTATION,
                        {"of_review": review.id, "now": now, "on": on})
    elif stage == s.SELF_ASSESSMENT:
        review.questionnaire_received_on = None
    elif stage == s.WRITTEN_FEEDBACK:
        session.execute(_SUPERSEDE_FEEDBACK, {"of_review": review.id, "now": now})
