"""Reads of a review's questionnaire, shared by the commands' facts (repository), the
questionnaire's unit of work and the API's queries.

Which questions a review's State answers: the bank version fixed for the review, or,
before its first answer fixes one, the version in force when the review started, cut to
the instruments the State was party to on the review's start date (domain/questionnaire).
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.reviews.adapters.orm import ReviewRow, StageChangeRow
from services.reviews.adapters.questionnaire_orm import (
    AnswerVersionRow,
    BankQuestionRow,
    PartyInstrumentsRow,
    QuestionBankRow,
    QuestionFeedbackRow,
    QuestionReplyRow,
    ReviewQuestionnaireRow,
)
from services.reviews.domain import stages as s
from services.reviews.domain.questionnaire import (
    INSTRUMENTS,
    PartyInstruments,
    Question,
    Questionnaire,
    applicable,
    instruments_on,
    version_in_force,
)


def questionnaire_of(session: Session, review: ReviewRow) -> Questionnaire | None:
    """The review's questionnaire; None when no bank of its cluster is loaded."""
    fixed = session.get(ReviewQuestionnaireRow, review.id)
    if fixed is not None:
        bank, instruments = session.get(QuestionBankRow, fixed.bank_id), tuple(fixed.instruments)
    else:
        bank = _bank_in_force(session, review)
        if bank is None:
            return None
        instruments = instruments_on(party_of(session, review.state_under_review),
                                     review.starts_on)
    questions = [Question(id=q.question_id, instrument=q.instrument, article=q.article,
                          subject=q.subject, cites=q.cites, text=q.text)
                 for q in session.scalars(select(BankQuestionRow).where(
                     BankQuestionRow.bank_id == bank.id).order_by(BankQuestionRow.position))]
    return Questionnaire(bank.cluster, bank.version, instruments,
                         applicable(questions, instruments), fixed=fixed is not None)


def _bank_in_force(session: Session, review: ReviewRow) -> QuestionBankRow | None:
    banks = {b.version: b for b in session.scalars(
        select(QuestionBankRow).where(QuestionBankRow.cluster == review.cluster))}
    started_at = session.scalar(select(func.min(StageChangeRow.changed_at)).where(
        StageChangeRow.review_id == review.id,
        StageChangeRow.to_stage == s.PRELIMINARY_CONSULTATION))
    version = version_in_force(((v, b.loaded_at) for v, b in banks.items()), started_at)
    return banks.get(version) if version is not None else None


def party_of(session: Session, code: str) -> PartyInstruments | None:
    row = session.get(PartyInstrumentsRow, code)
    if row is None:
        return None
    return PartyInstruments(row.code, tuple(row.instruments),
                            {i: getattr(row, f"{i}_on") for i in INSTRUMENTS})


def answer_rows(session: Session, review_id: int, question_id: str | None = None,
                submitted_only: bool = False) -> list[AnswerVersionRow]:
    """Answer versions of the review (of one question), oldest first."""
    query = select(AnswerVersionRow).where(AnswerVersionRow.review_id == review_id)
    if question_id is not None:
        query = query.where(AnswerVersionRow.question_id == question_id)
    if submitted_only:
        query = query.where(AnswerVersionRow.submitted_at.is_not(None))
    return list(session.scalars(query.order_by(AnswerVersionRow.question_id,
                                               AnswerVersionRow.version)))


def latest_answers(session: Session, review_id: int,
                   submitted_only: bool = False) -> dict[str, AnswerVersionRow]:
    """The latest version (the latest sent one) of each question's answer."""
    return {row.question_id: row for row in answer_rows(
        session, review_id, submitted_only=submitted_only)}


def feedback_rows(session: Session, review_id: int) -> tuple[list, list]:
    """The feedback per question and the replies, oldest first."""
    feedback = session.scalars(select(QuestionFeedbackRow).where(
        QuestionFeedbackRow.review_id == review_id).order_by(QuestionFeedbackRow.id))
    replies = session.scalars(select(QuestionReplyRow).where(
        QuestionReplyRow.review_id == review_id).order_by(QuestionReplyRow.id))
    return list(feedback), list(replies)
