"""A review starts by itself once every State taking part has its focal point, never
before its group's start date (DOMAIN.md; issue 18, item 6), and on the day it became
ready: the latest of the group's start, its previous stage change and the nomination of
its last focal point, not the day a nomination or the sweep happened to be handled.

A nomination that completes the focal points starts the review at once when that day has
come; a review of a group that starts later is started by the worker's timed sweep
(`start_due_reviews`) once the day arrives, dated on that day.
"""

from __future__ import annotations

import datetime as dt
import logging

from services.reviews.adapters.orm import ReviewRow
from services.reviews.adapters.unit_of_work import ReviewsUnitOfWork
from services.reviews.domain.dates import automatic_start_date
from services.reviews.domain.facts import Actor
from services.reviews.domain.lifecycle import start_if_ready
from services.reviews.domain.scheduling import SYSTEM
from services.reviews.handlers.moves import make_move
from shared.context import ServiceContext
from shared.db.races import again_if_raced
from shared.events import Envelope

log = logging.getLogger(__name__)


def start_when_ready(ctx: ServiceContext, uow: ReviewsUnitOfWork, review: ReviewRow,
                     cause: Envelope | None = None, as_of: dt.date | None = None) -> bool:
    """Open the preliminary consultation, dated on the day the review became ready, if
    every State has its focal point and that day has come by `as_of` (today)."""
    facts = uow.facts(review)
    if facts.missing_focal_points:
        return False
    nominated = uow.focal_points_nominated_on(review.id, facts.participants)
    day = automatic_start_date(review.starts_on, review.stage_entered_on, nominated)
    if day > (as_of or ctx.clock.today()):
        return False
    outcome = start_if_ready(facts, day)
    if outcome.move is None:
        return False
    make_move(uow, review, outcome.move, Actor(SYSTEM), ctx.clock.now(),
              ctx.settings.deadlines, cause, on=day)
    log.info("review %s started on %s: every focal point known; event %s", review.id, day,
             cause.id if cause else None)
    return True


def start_due_reviews(ctx: ServiceContext, as_of: dt.date) -> int:
    """Start every waiting review whose group has started by `as_of` and whose focal
    points are all known; return how many (the worker runs it before the deadline sweep)."""
    def sweep() -> int:
        with ctx.uow() as uow:
            return sum(start_when_ready(ctx, uow, review, as_of=as_of)
                       for review in uow.waiting_reviews(as_of))
    started = again_if_raced(sweep, f"the start sweep as of {as_of}")
    log.info("start sweep as of %s: %s reviews started", as_of, started)
    return started
