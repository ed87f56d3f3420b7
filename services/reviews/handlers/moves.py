"""A stage move, as every command and event handler makes it: the review's new stage, the
history row (who, when, why, from, to), and `ReviewStageChanged` (and `ReviewCompleted`)
in the outbox, all in the caller's unit of work."""

from __future__ import annotations

import datetime as dt

from services.reviews.adapters.orm import ReviewRow
from services.reviews.adapters.repository import deadline_of
from services.reviews.adapters.unit_of_work import ReviewsUnitOfWork
from services.reviews.domain import stages as s
from services.reviews.domain.deadlines import DeadlinePolicy
from services.reviews.domain.facts import Actor, Move
from shared.events import Envelope, new_event


def make_move(uow: ReviewsUnitOfWork, review: ReviewRow, move: Move, actor: Actor,
              now: dt.datetime, policy: DeadlinePolicy, cause: Envelope | None = None,
              on: dt.date | None = None, history: bool = False) -> None:
    """Record `move`, made on the day `on` (today unless a command says), and announce it;
    a move caused by an event follows from that event, and one brought in from the
    mechanism's past (`history`) is marked so, that no one is told of it as news.

    The review's own changes come first: the history row's statement flushes them together
    with whatever else the command wrote, in one unit of work rather than two."""
    on = on or now.date()
    review.stage, review.stage_entered_at, review.updated_at = move.to_stage, now, now
    review.stage_entered_on = on
    if move.backward:
        uow.forget_on_return(review, move.to_stage, now, on)
    uow.add_stage_change(review, move, actor, now, on)
    events = [_event(cause, history, "ReviewStageChanged", {
        "review_id": review.id, "group_number": review.group_number,
        "state_under_review": review.state_under_review,
        "reviewing_states": list(review.reviewing_states),
        "from_stage": move.from_stage, "to_stage": move.to_stage,
        "changed_by": actor.name, "reason": move.reason,
        "deadline": deadline_of(review, policy), "on": on,
    }, now)]
    if move.to_stage == s.COMPLETED:
        events.append(_event(cause, history, "ReviewCompleted", {
            "review_id": review.id, "group_number": review.group_number,
            "phase": review.phase, "state_under_review": review.state_under_review,
            "completed_on": on,
        }, now))
    uow.record(*events)


def _event(cause: Envelope | None, history: bool, type_: str, payload: dict,
           now: dt.datetime) -> Envelope:
    if cause is not None:
        return cause.caused(type_, payload, now)
    return new_event(type_, payload, now, history=history)
