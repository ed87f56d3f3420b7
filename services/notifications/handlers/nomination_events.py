"""The nominations service's events: a reminder asked for (NominationMissing), the copies of
focal points that letters are copied to, and the nominations that settle open items."""

from __future__ import annotations

import datetime as dt
import logging

from services.notifications.adapters.orm import FocalPointRow, ReviewRow
from services.notifications.adapters.unit_of_work import NotificationsUnitOfWork
from services.notifications.domain.schedule import after_slot
from services.notifications.handlers.reminders import remind_from_event
from shared.context import ServiceContext
from shared.events import Envelope

log = logging.getLogger(__name__)

FOCAL_POINT, EXPERT = "focal_point", "expert"


def remind_missing_nomination(ctx: ServiceContext, uow: NotificationsUnitOfWork,
                              event: Envelope) -> None:
    """NominationMissing's k-th reminder is this service's k-th reminder after the deadline
    for that item: one letter, unless the timed run already sent that slot, the nomination
    has meanwhile been made, or the policy stops before the k-th."""
    p = event.payload
    item = uow.open_item(
        state_code=p["state_code"], review_id=p["review_id"], topic=p["role"],
        capacity=p["capacity"], state_under_review=p["state_under_review"],
        deadline=p["due_on"], event=event, now=ctx.clock.now())
    policy = ctx.settings.policy(item.policy)
    slot = after_slot(policy, item.deadline, p["reminder"])
    if slot is None:
        log.info("%s %s: reminder %s of %s %s is beyond the policy (%s at most); none sent",
                 event.type, event.id, p["reminder"], p["state_code"], p["role"],
                 policy.max_after)
        return
    remind_from_event(ctx, uow, item, slot, "nomination_missing", dict(p), event)


def record_focal_point(ctx: ServiceContext, uow: NotificationsUnitOfWork, event: Envelope) -> None:
    """Keep the focal point (letters about its review are copied to it) and close the item."""
    p, now = event.payload, ctx.clock.now()
    row = uow.get(FocalPointRow, p["nomination_id"]) or FocalPointRow(
        nomination_id=p["nomination_id"])
    row.state_code, row.review_id, row.name, row.email = (
        p["state_code"], p["review_id"], p["name"], p["email"])
    row.active, row.updated_at = True, now
    uow.add(row)
    closed = uow.close(uow.open_items_of(p["review_id"], state_code=p["state_code"],
                                         topic=FOCAL_POINT), event, now, "nominated")
    log.info("focal point %s of %s for review %s from %s %s; %d item(s) closed",
             p["nomination_id"], p["state_code"], p["review_id"], event.type, event.id, closed)


def close_expert_item(ctx: ServiceContext, uow: NotificationsUnitOfWork, event: Envelope) -> None:
    p = event.payload
    closed = uow.close(uow.open_items_of(p["review_id"], state_code=p["state_code"],
                                         topic=EXPERT), event, ctx.clock.now(), "nominated")
    log.info("expert of %s for review %s from %s %s; %d item(s) closed",
             p["state_code"], p["review_id"], event.type, event.id, closed)


def record_withdrawal(ctx: ServiceContext, uow: NotificationsUnitOfWork, event: Envelope) -> None:
    """A focal point withdrawn with nobody named in its place: a new one is due within the
    usual delay from the withdrawal, and its reminders start again (a new round)."""
    p, now = event.payload, ctx.clock.now()
    if p["role"] != FOCAL_POINT:
        return
    row = uow.get(FocalPointRow, p["nomination_id"])
    if row is not None:
        row.active, row.updated_at = False, now
    review = uow.get(ReviewRow, p["review_id"])
    if p["replaced_by"] is not None or review is None or review.stage == "completed":
        return
    due = p["withdrawn_on"] + dt.timedelta(days=ctx.settings.focal_point_due_days)
    item = uow.open_item(
        state_code=p["state_code"], review_id=p["review_id"], topic=FOCAL_POINT,
        capacity="under_review" if p["state_code"] == review.state_under_review else "reviewing",
        state_under_review=review.state_under_review, deadline=due, event=event, now=now,
        new_round=True)
    log.info("focal point of %s for review %s withdrawn (%s %s); item %s due %s",
             p["state_code"], p["review_id"], event.type, event.id, item.id, item.deadline)
