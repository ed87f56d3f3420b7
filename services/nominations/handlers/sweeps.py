"""The sweep: publish NominationMissing for each State, role and review still missing after
its due date, each reminder once (DOMAIN.md, "Nominations"; the reminder policy is a
setting). Runs on the worker's timer, from the CLI with --as-of, and over HTTP.

What is missing is judged on the participations and nominations as they stood on `as_of`
(the days they happened, not the days they were recorded); `as_of` also sets the day the
lateness and the reminder number are counted for.
"""

from __future__ import annotations

import datetime as dt
import logging

from services.nominations.adapters.orm import MissingNoticeRow
from services.nominations.domain.missing import MissingNomination, still_to_notify
from shared.context import ServiceContext
from shared.db.races import again_if_raced
from shared.events import new_event

log = logging.getLogger(__name__)


def sweep_missing(ctx: ServiceContext, as_of: dt.date) -> int:
    """Publish the reminders due as of `as_of` and not yet published; return how many."""
    return again_if_raced(lambda: _announce_missing(ctx, as_of),
                          f"the nominations sweep as of {as_of}")


def _announce_missing(ctx: ServiceContext, as_of: dt.date) -> int:
    now = ctx.clock.now()
    with ctx.uow() as uow:
        missing = uow.missing_as_of(as_of, ctx.settings.policy)
        sent = uow.reminders_sent({m.review_id for m in missing})
        todo = still_to_notify(missing, sent)
        for item in todo:
            # the notice row and the outbox row commit together: the unique key on the
            # notice (with the reminder number) makes each reminder go out once, whatever
            # reruns or restarts
            event = new_event("NominationMissing", _payload(item), now)
            uow.add(MissingNoticeRow(
                state_code=item.state_code, role=item.role, review_id=item.review_id,
                reminder=item.reminder, due_on=item.due_on, as_of=as_of,
                event_id=str(event.id), created_at=now,
            ))
            uow.record(event)
            log.info("NominationMissing %s: %s %s for review %s, %s days overdue, reminder %s",
                     event.id, item.state_code, item.role, item.review_id, item.days_overdue,
                     item.reminder)
        uow.flush()
    log.info("sweep as of %s: %s missing, %s reminders published", as_of, len(missing),
             len(todo))
    return len(todo)


def _payload(item: MissingNomination) -> dict:
    return {
        "state_code": item.state_code, "role": item.role, "review_id": item.review_id,
        "capacity": item.capacity, "state_under_review": item.state_under_review,
        "due_on": item.due_on, "as_of": item.as_of, "days_overdue": item.days_overdue,
        "reminder": item.reminder,
    }
