"""What the reviews' unit of work reads and writes for the questionnaire (adapters/
unit_of_work.py takes it in): the questionnaire a review answers and fixing it, answer
versions and their submission, feedback, and the copy of what each State is party to.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.reviews.adapters.orm import ReviewRow
from services.reviews.adapters.questionnaire_orm import (
    AnswerVersionRow,
    PartyInstrumentsRow,
    QuestionBankRow,
    QuestionFeedbackRow,
    ReviewQuestionnaireRow,
)
from services.reviews.adapters.questionnaires import latest_answers, questionnaire_of
from services.reviews.domain.questionnaire import INSTRUMENTS, Questionnaire


class QuestionnaireStore:
    session: Session

    def questionnaire(self, review: ReviewRow) -> Questionnaire | None:
        return questionnaire_of(self.session, review)

    def fix_questionnaire(self, review: ReviewRow, questionnaire: Questionnaire,
                          now: dt.datetime) -> None:
        """Fix the bank version and instruments the review answers on, once."""
        if questionnaire.fixed:
            return
        bank_id = self.session.scalar(select(QuestionBankRow.id).where(
            QuestionBankRow.cluster == questionnaire.cluster,
            QuestionBankRow.version == questionnaire.version))
        self.session.add(ReviewQuestionnaireRow(
            review_id=review.id, bank_id=bank_id,
            instruments=list(questionnaire.instruments), fixed_at=now))

    def latest_answer(self, review_id: int, question_id: str) -> AnswerVersionRow | None:
        """The latest version of one question's answer, if any."""
        return self.session.scalar(select(AnswerVersionRow).where(
            AnswerVersionRow.review_id == review_id,
            AnswerVersionRow.question_id == question_id)
            .order_by(AnswerVersionRow.version.desc()).limit(1))

    def latest_answer_day(self, review_id: int) -> dt.date | None:
        """The day the review's latest answer version was written: its questionnaire is
        sent no earlier."""
        return self.session.scalar(select(func.max(AnswerVersionRow.written_on)).where(
            AnswerVersionRow.review_id == review_id))

    def submit_answers(self, review_id: int, now: dt.datetime) -> int:
        """Mark the latest version of every answer sent; how many were sent."""
        latest = latest_answers(self.session, review_id)
        for row in latest.values():
            if row.submitted_at is None:
                row.submitted_at = now
        return len(latest)

    def question_feedback(self, feedback_id: int) -> QuestionFeedbackRow | None:
        return self.session.get(QuestionFeedbackRow, feedback_id)

    def keep_party(self, party: dict, now: dt.datetime) -> None:
        """Our copy of what a State is party to, and since when, replaced whole."""
        row = self.session.get(PartyInstrumentsRow, party["code"])
        if row is None:
            row = PartyInstrumentsRow(code=party["code"])
            self.session.add(row)
        row.instruments, row.updated_at = list(party["instruments"]), now
        row.regional_group = party["regional_group"]
        for instrument in INSTRUMENTS:
            setattr(row, f"{instrument}_on", party.get(f"{instrument}_on"))
