"""The letters about what a review's States wrote in it (issue 19): the answers to the
self-assessment questionnaire sent (to the reviewing States, whose written feedback they
wait for), feedback on an answer (to the State under review, which is to reply), and the
list of observations adopted (to every State of the review).

One letter per (event, State): a redelivered event finds its key used and writes nothing
(adapters/outgoing/compose.py). Letters about the past (an event of the history import, or
about a day long gone) are kept as skipped, never sent, as the stage letters are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from services.notifications.adapters.unit_of_work import NotificationsUnitOfWork
from services.notifications.handlers.review_events import capacity_in, draft_for, skip_reason
from shared.context import ServiceContext
from shared.events import Envelope

KIND = "review_content"
#: every variable the letter's template knows, so that each fact's context has them all
_UNUSED = {"answers": None, "reviewing_state": None, "feedback_kind": None,
           "question_id": None, "version": None, "articles": None}


def _write(ctx: ServiceContext, uow: NotificationsUnitOfWork, event: Envelope,
           to: Iterable[str], fact: str, day: dt.date, **details) -> None:
    p = event.payload
    skip = skip_reason(ctx, event, day)
    uow.compose_all(ctx, [
        draft_for(event, KIND, state, p["review_id"], {
            **_UNUSED, **details, "state_code": state, "review_id": p["review_id"],
            "state_under_review": p["state_under_review"],
            "capacity": capacity_in(state, p["state_under_review"]), "fact": fact,
            "day": day, "as_of": event.occurred_at.date()},
            copy_focal_points=True, skip_reason=skip)
        for state in dict.fromkeys(to)])


def tell_answers_submitted(ctx: ServiceContext, uow: NotificationsUnitOfWork,
                           event: Envelope) -> None:
    """The reviewing States may read the answers and give their feedback on them."""
    p = event.payload
    _write(ctx, uow, event, p["reviewing_states"], "answers_submitted", p["submitted_on"],
           answers=p["answers"])


def tell_feedback_given(ctx: ServiceContext, uow: NotificationsUnitOfWork,
                        event: Envelope) -> None:
    """The State under review is to read a reviewing State's feedback and reply."""
    p = event.payload
    _write(ctx, uow, event, [p["state_under_review"]], "feedback_given", p["given_on"],
           reviewing_state=p["reviewing_state"], feedback_kind=p["kind"],
           question_id=p["question_id"])


def tell_observations_adopted(ctx: ServiceContext, uow: NotificationsUnitOfWork,
                              event: Envelope) -> None:
    """Every State of the review hears that its list of observations was adopted."""
    p = event.payload
    _write(ctx, uow, event, [p["state_under_review"], *p["reviewing_states"]],
           "observations_adopted", p["adopted_on"], version=p["version"],
           articles=len(p["articles"]))
