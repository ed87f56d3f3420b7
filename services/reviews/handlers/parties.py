"""The reviews service's copy of what each State is party to, from the lots service's
StatePartyRegistered and StatePartyUpdated: a State under review answers the questionnaire
only for the instruments it was party to when its review started (DOMAIN.md)."""

from __future__ import annotations

import logging

from services.reviews.adapters.unit_of_work import ReviewsUnitOfWork
from shared.context import ServiceContext
from shared.events import Envelope

log = logging.getLogger(__name__)


def keep_party(ctx: ServiceContext, uow: ReviewsUnitOfWork, event: Envelope) -> None:
    """Replace our copy of the party with the event's (the newest event wins: lots
    publishes the whole party each time)."""
    uow.keep_party(event.payload, ctx.clock.now())
    log.info("%s %s: %s party to %s; correlation %s", event.type, event.id,
             event.payload["code"], ", ".join(event.payload["instruments"]),
             event.correlation_id)
