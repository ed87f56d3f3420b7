"""The questionnaire's commands: the State under review answers a question (each save is
a new version, a draft until the questionnaire is sent: handlers/stages.py moves the stage
and calls `send_answers`), and the reviewing States give feedback per question, to which
the State under review replies.

Each is one transaction through the questionnaire's unit of work: lock the review, ask
the rules, write, and record the events in the outbox; a refusal writes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from services.reviews.adapters.questionnaire_orm import (
    AnswerVersionRow,
    QuestionFeedbackRow,
    QuestionReplyRow,
)
from services.reviews.adapters.repository import refusals
from services.reviews.adapters.unit_of_work import ReviewsUnitOfWork
from services.reviews.domain import lifecycle, question_feedback
from services.reviews.domain.dates import dated_after
from services.reviews.domain.facts import Actor
from services.reviews.domain.questionnaire import Questionnaire
from shared.context import ServiceContext
from shared.events import new_event
from shared.web.errors import NotFound


@dataclass(frozen=True)
class AnswerDraft:
    text: str
    #: [{"title", "provision", "link"}]: the laws the answer relies on
    legislation: tuple[dict, ...] = ()
    #: [{"reference", "summary", "link"}]: the cases it cites
    cases: tuple[dict, ...] = ()
    #: the day it was written (None: today)
    on: dt.date | None = None


def _open(uow: ReviewsUnitOfWork, review_id: int):
    """The locked review, its facts (its questionnaire's questions among them), and its
    questionnaire (None when no bank of its cluster is loaded)."""
    review = uow.review_for_update(review_id)
    return review, uow.facts(review), uow.questionnaire(review)


def save_answer(ctx: ServiceContext, review_id: int, actor: Actor, question_id: str,
                draft: AnswerDraft) -> int:
    """A new version of the answer to one question; its number. The first answer fixes
    the review's questionnaire (bank version and instruments)."""
    now = ctx.clock.now()
    with ctx.uow() as uow, refusals():
        review, facts, questionnaire = _open(uow, review_id)
        lifecycle.answer(facts, question_id, actor.state)
        latest, drawn = uow.latest_answer(review.id, question_id), uow.draw_copy(review.draw_id)
        day = dated_after(draft.on, ctx.clock.today(),
                          (drawn and drawn.drawn_on, "the draw of the review"),
                          (latest and latest.written_on, "the answer's previous version"))
        uow.fix_questionnaire(review, questionnaire, now)
        version = (latest.version if latest else 0) + 1
        uow.add(AnswerVersionRow(
            review_id=review.id, question_id=question_id, version=version, text=draft.text,
            legislation=list(draft.legislation), cases=list(draft.cases),
            written_by=actor.name, actor_state=actor.state, written_on=day, written_at=now))
    return version


def send_answers(uow: ReviewsUnitOfWork, review, actor: Actor, now) -> None:
    """What the submission of the questionnaire writes beside its stage move (handlers/
    stages.py submit_questionnaire): the questionnaire fixed, the latest version of every
    answer marked sent, and QuestionnaireSubmitted."""
    questionnaire = uow.questionnaire(review)
    uow.fix_questionnaire(review, questionnaire, now)
    sent = uow.submit_answers(review.id, now)
    uow.record(new_event("QuestionnaireSubmitted",
                         _submitted(review, questionnaire, sent, actor), now))


def _submitted(review, questionnaire: Questionnaire, sent: int, actor: Actor) -> dict:
    return {"review_id": review.id, "state_under_review": review.state_under_review,
            "reviewing_states": list(review.reviewing_states), "cluster": review.cluster,
            "bank_version": questionnaire.version,
            "instruments": list(questionnaire.instruments), "answers": sent,
            "submitted_by": actor.name, "submitted_on": review.questionnaire_received_on}


def give_question_feedback(ctx: ServiceContext, review_id: int, actor: Actor,
                           question_id: str, kind: str, text: str,
                           on: dt.date | None = None) -> int:
    """A reviewing State's comment on, or request for clarification of, one answer, on
    the day `on`; the State under review hears of it (FeedbackGiven). Returns its id."""
    now = ctx.clock.now()
    with ctx.uow() as uow, refusals():
        review, facts, _ = _open(uow, review_id)
        question_feedback.give(facts, question_id, actor.state)
        day = dated_after(on, ctx.clock.today(), (review.questionnaire_received_on,
                                                  "the questionnaire's submission"))
        row = QuestionFeedbackRow(review_id=review.id, question_id=question_id,
                                  state_code=actor.state, kind=kind, text=text,
                                  given_by=actor.name, given_on=day, given_at=now)
        uow.add(row)
        uow.flush()
        uow.record(new_event("FeedbackGiven", {
            "review_id": review.id, "feedback_id": row.id, "question_id": question_id,
            "kind": kind, "reviewing_state": actor.state,
            "state_under_review": review.state_under_review, "given_on": day}, now))
        return row.id


def reply_to_feedback(ctx: ServiceContext, review_id: int, actor: Actor, feedback_id: int,
                      text: str, on: dt.date | None = None) -> int:
    """The State under review's reply to one item of feedback, on the day `on`; returns
    the reply's id."""
    now = ctx.clock.now()
    with ctx.uow() as uow, refusals():
        review, facts, _ = _open(uow, review_id)
        item = uow.question_feedback(feedback_id)
        if item is None or item.review_id != review.id:
            raise NotFound(f"no feedback {feedback_id} in review {review_id}",
                           field="feedback_id")
        question_feedback.reply(facts, actor.state)
        day = dated_after(on, ctx.clock.today(), (item.given_on, "the feedback it replies to"))
        row = QuestionReplyRow(review_id=review.id, question_id=item.question_id,
                               feedback_id=item.id, text=text, written_by=actor.name,
                               actor_state=actor.state, written_on=day, written_at=now)
        uow.add(row)
        uow.flush()
        return row.id
