"""What the notifications service does when it hears an event.

Each handler runs in the consumer's transaction (the consumer commits it together with the
event's inbox row): it records the copy, the open item or the message, and never talks to
SMTP. Sending is the deliverer's job (adapters/outgoing/delivery.py), so a slow or absent
mail server never holds the queue. The handlers for the draws', the reviews' and the
nominations' events live beside this module; this one keeps the copies of States and
Missions, and the map of them all.
"""

from __future__ import annotations

import functools
import logging

from services.notifications.adapters.orm import HELD, PENDING, MissionRow, StateRow
from services.notifications.adapters.unit_of_work import (
    NotificationsUnitOfWork,
    on_consumer_session,
)
from services.notifications.handlers import (
    account_events,
    draw_events,
    nomination_events,
    review_content_events,
    review_events,
    survey_events,
)
from shared.context import ServiceContext
from shared.events import Envelope

log = logging.getLogger(__name__)


def record_state_party(ctx: ServiceContext, uow: NotificationsUnitOfWork, event: Envelope) -> None:
    """Keep the State's name, so letters name States rather than codes."""
    code, name = event.payload["code"], event.payload["name"]
    row = uow.get(StateRow, code)
    if row is None:
        uow.add(StateRow(code=code, name=name, updated_at=ctx.clock.now()))
    else:
        row.name, row.updated_at = name, ctx.clock.now()
    log.info("state %s recorded from %s %s", code, event.type, event.id)


def record_mission_contact(ctx: ServiceContext, uow: NotificationsUnitOfWork,
                           event: Envelope) -> None:
    """Keep the mission's contact, and address the messages that were waiting for it."""
    p, now = event.payload, ctx.clock.now()
    row = uow.get(MissionRow, p["state_code"])
    if row is None:
        row = MissionRow(state_code=p["state_code"])
        uow.add(row)
    row.emails, row.language, row.updated_at = list(p["emails"]), p["language"], now
    row.cause_event_id = str(event.id)
    # the mission row first, then its messages: the deliverer locks them in that order too
    # (on PostgreSQL this waits for a message the deliverer is sending at this instant)
    uow.flush()
    waiting = uow.unsent_messages(p["state_code"])
    released = []
    for message in waiting:
        # a message not yet sent goes to the mission's current addresses, not its old ones
        uow.readdress(message, row)
        if message.status == HELD:
            message.status, message.next_attempt_at = PENDING, now
            released.append((message.id, message.state_code))
    uow.note_new_mail(released)
    log.info("mission of %s: %d address(es) from %s %s; %d held message(s) released",
             p["state_code"], len(row.emails), event.type, event.id, len(released))


def event_handlers(ctx: ServiceContext) -> dict:
    """The consumer's handler map, `handler(session, event)`: exactly the events
    topology.SUBSCRIPTIONS names, each handler given its unit of work over that session."""
    handlers = {
        "StatePartyRegistered": record_state_party,
        "MissionContactChanged": record_mission_contact,
        "NominationMissing": nomination_events.remind_missing_nomination,
        "FocalPointNominated": nomination_events.record_focal_point,
        "ExpertNominated": nomination_events.close_expert_item,
        "NominationWithdrawn": nomination_events.record_withdrawal,
        "ReviewScheduled": review_events.open_nomination_items,
        "LotsDrawn": draw_events.announce_draw,
        "DrawRepeated": draw_events.announce_repeated_draw,
        "ReviewStageChanged": review_events.follow_stage,
        "ReviewDeadlineMissed": review_events.remind_missed_deadline,
        "AccountInvited": account_events.send_account_link,
        "SurveyOpened": survey_events.invite_to_survey,
        "SurveyAnswered": survey_events.record_survey_answer,
        "SurveyClosed": survey_events.close_survey_invitations,
        "QuestionnaireSubmitted": review_content_events.tell_answers_submitted,
        "FeedbackGiven": review_content_events.tell_feedback_given,
        "ObservationsAdopted": review_content_events.tell_observations_adopted,
    }
    return on_consumer_session(
        {name: functools.partial(fn, ctx) for name, fn in handlers.items()})
