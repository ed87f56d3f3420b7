"""A nomination for every review of a State stands for the reviews the State is drawn
into later too (issue 18): when the service hears of a new participation (ReviewScheduled,
or a repetition of the draw bringing the State in), each standing nomination of the State
becomes a nomination in that review, announced like any other, so that the reviews service
knows the focal point and the review can start.

A review that already has the State's focal point (named for it alone) keeps it; a person
already nominated in the review in the role is not nominated twice.
"""

from __future__ import annotations

import logging

from services.nominations.adapters.orm import ParticipationRow
from services.nominations.adapters.unit_of_work import NominationsUnitOfWork
from services.nominations.domain.commands import FOCAL_POINT
from services.nominations.handlers.nominations import new_nomination, nominated_event
from shared.context import ServiceContext
from shared.events import Envelope

log = logging.getLogger(__name__)


def cover_with_standing_nominations(ctx: ServiceContext, uow: NominationsUnitOfWork,
                                    cause: Envelope, part: ParticipationRow) -> None:
    now, review = ctx.clock.now(), [part.review_id]
    uow.party_for_update(part.state_code)  # see NominationsUnitOfWork.party_for_update
    added = []
    for standing in uow.standing_nominations(part.state_code):
        if standing.role == FOCAL_POINT and uow.current_nominations(
                part.state_code, review, role=FOCAL_POINT):
            continue
        if uow.current_nominations(part.state_code, review, role=standing.role,
                                   email=standing.person.email):
            continue
        row = new_nomination(standing.person, part, standing.role, standing.nominated_on, now,
                             standing.note_verbale_ref, standing.note_verbale_date)
        uow.add(row)
        uow.flush()  # the next standing nomination sees this one
        added.append(row)
    uow.record(*[nominated_event(row, now, cause) for row in added])
    if added:
        log.info("%s %s: %s's standing nominations cover review %s (%s)", cause.type,
                 cause.id, part.state_code, part.review_id,
                 ", ".join(f"{r.role} {r.person.email}" for r in added))
