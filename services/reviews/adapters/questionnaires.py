"""Reads of a review's questionnaire, shared by the commands' facts (repository), the
questionnaire's unit of work and the API's queries.

Which questions a review's State answers: the bank version fixed for the review, or,
before its first answer fixes one, the version in force when the review started, cut to
the instruments the State was party to on the review's start date (domain/questionnaire).
"""

from __future__ import annotations

from sqlalchemy import bindparam, func, select
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


#: built once, with bound parameters: every stage command of a review without an answer
#: runs them (building a statement again on each call cost more than running it)
_BANKS = select(QuestionBankRow.id, QuestionBankRow.version, QuestionBankRow.loaded_at).where(
    QuestionBankRow.cluster == bindparam("cluster"))
_STARTED_AT = select(func.min(StageChangeRow.changed_at)).where(
    StageChangeRow.review_id == bindparam("review_id"),
    StageChangeRow.to_stage == s.PRELIMINARY_CONSULTATION)
_PARTY = select(PartyInstrumentsRow.__table__).where(PartyInstrumentsRow.code == bindparam("code"))
_BANK_QUESTIONS = select(BankQuestionRow.question_id, BankQuestionRow.instrument).where(
    BankQuestionRow.bank_id == bindparam("bank_id"))


def unfixed_question_ids(session: Session, review: ReviewRow) -> frozenset[str]:
    """The question ids of a questionnaire not fixed yet, read as plain rows (a command's
    facts need no more)."""
    banks = session.execute(_BANKS, {"cluster": review.cluster}).all()
    version = version_in_force(((v, at) for _, v, at in banks), _started_at(session, review))
    if version is None:
        return frozenset()
    bank_id = next(i for i, v, _ in banks if v == version)
    party = session.execute(_PARTY, {"code": review.state_under_review}).mappings().first()
    held = set(instruments_on(party and _party(party), review.starts_on))
    return frozenset(q for q, instrument in session.execute(
        _BANK_QUESTIONS, {"bank_id": bank_id}) if instrument in held)


def _started_at(session: Session, review: ReviewRow):
    return session.scalar(_STARTED_AT, {"review_id": review.id})


def _party(row) -> PartyInstruments:
    return PartyInstruments(row["code"], tuple(row["instruments"]),
                            {i: row[f"{i}_on"] for i in INSTRUMENTS})


def _bank_in_force(session: Session, review: ReviewRow) -> QuestionBankRow | None:
    banks = {b.version: b for b in session.scalars(
        select(QuestionBankRow).where(QuestionBankRow.cluster == review.cluster))}
    version = version_in_force(((v, b.loaded_at) for v, b in banks.items()),
                               _started_at(session, review))
    return banks.get(version) if version is not None else None


def party_of(session: Session, code: str) -> PartyInstruments | None:
    row = session.execute(_PARTY, {"code": code}).mappings().first()
    return _party(row) if row is not None else None


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
