"""What the lots service keeps from the events it hears: the copies the 70 per cent rule
reads before a group's next phase is drawn (the reviews service owns completion and the
Conference's decisions; DESIGN.md, event-carried state transfer).

They run in the consumer's transaction through a unit of work (`with_sessions`), so a
redelivered event, stopped by the inbox, writes nothing twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from services.lots.adapters.orm import CompletedReviewRow, PhaseOverrideRow
from services.lots.adapters.unit_of_work import LotsUnitOfWork
from shared.events import Envelope

log = logging.getLogger(__name__)


def event_handlers() -> dict[str, Callable[[LotsUnitOfWork, Envelope], None]]:
    """The handlers' map, one per event in the lots' subscriptions."""
    return {"ReviewCompleted": keep_completed_review,
            "PhaseOverrideRecorded": keep_phase_override}


def keep_completed_review(uow: LotsUnitOfWork, event: Envelope) -> None:
    done = event.payload
    key = (done["group_number"], done["phase"], done["state_under_review"])
    if uow.completed_review(*key) is not None:
        return
    uow.add(CompletedReviewRow(group_number=key[0], phase=key[1], state_under_review=key[2],
                               completed_on=done["completed_on"]))
    log.info("ReviewCompleted %s: %s's review in group %s, phase %s, kept for the 70 per "
             "cent rule", event.id, key[2], key[0], key[1])


def keep_phase_override(uow: LotsUnitOfWork, event: Envelope) -> None:
    decided = event.payload
    if uow.phase_override(decided["group_number"], decided["phase"]) is not None:
        return
    uow.add(PhaseOverrideRow(group_number=decided["group_number"], phase=decided["phase"],
                             decided_on=decided["decided_on"],
                             decided_by=decided["decided_by"], reason=decided["reason"]))
    log.info("PhaseOverrideRecorded %s: group %s may leave phase %s (decided on %s)", event.id,
             decided["group_number"], decided["phase"], decided["decided_on"])
