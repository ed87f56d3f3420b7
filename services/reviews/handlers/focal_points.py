"""Our copy of the focal points, from the nominations service's events, and the automatic
start of a review once the State under review and every reviewing State have one.

A review "cannot start while a focal point is missing" (DOMAIN.md, "Nominations"). A
withdrawal updates the copy but never moves a started review back: the secretariat can
send a review back if it must.
"""

from __future__ import annotations

import logging

from services.reviews.adapters.orm import FocalPointRow, ReviewRow
from services.reviews.adapters.unit_of_work import ReviewsUnitOfWork
from services.reviews.handlers.starts import start_when_ready
from shared.context import ServiceContext
from shared.events import Envelope
from shared.web.errors import NotFound

log = logging.getLogger(__name__)

FOCAL_POINT = "focal_point"


def on_focal_point_nominated(ctx: ServiceContext, uow: ReviewsUnitOfWork,
                             event: Envelope) -> None:
    p = event.payload
    review = _review(uow, p["review_id"], event)
    if review is None:
        return
    if uow.focal_point(p["nomination_id"]) is None:
        uow.add(FocalPointRow(
            nomination_id=p["nomination_id"], review_id=review.id, state_code=p["state_code"],
            nominated_on=p["nominated_on"], received_at=ctx.clock.now()))
        uow.flush()
    log.info("FocalPointNominated %s: %s for review %s (nomination %s)", event.id,
             p["state_code"], review.id, p["nomination_id"])
    start_when_ready(ctx, uow, review, event)


def on_nomination_withdrawn(ctx: ServiceContext, uow: ReviewsUnitOfWork,
                            event: Envelope) -> None:
    p = event.payload
    if p["role"] != FOCAL_POINT:
        log.info("NominationWithdrawn %s: a %s, not a focal point; nothing to keep",
                 event.id, p["role"])
        return
    row = uow.focal_point(p["nomination_id"])
    if row is None:
        log.warning("NominationWithdrawn %s: nomination %s was never received; ignored",
                    event.id, p["nomination_id"])
        return
    row.withdrawn_on = row.withdrawn_on or p["withdrawn_on"]
    log.info("NominationWithdrawn %s: focal point of %s for review %s withdrawn on %s",
             event.id, row.state_code, row.review_id, row.withdrawn_on)


def _review(uow: ReviewsUnitOfWork, review_id: int, event: Envelope) -> ReviewRow | None:
    try:
        return uow.review_for_update(review_id)
    except NotFound:
        # the nominations service learns of reviews from us, so this is a copy gone astray;
        # keeping the event out of the dead-letter queue is right, saying so is too
        log.warning("%s %s: review %s is unknown here; ignored", event.type, event.id,
                    review_id)
        return None
