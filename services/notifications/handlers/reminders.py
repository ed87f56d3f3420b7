"""Reminders: the timed run over every open item, and the reminders other services' events
ask for. Both write a reminder row per (item, slot), unique, so the two paths never send
the same reminder twice whichever comes first.

    python -m services.notifications.cli remind --as-of 2021-01-04
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections import Counter

from services.notifications.adapters.orm import ItemRow, ReminderRow
from services.notifications.adapters.outgoing.compose import Draft
from services.notifications.adapters.unit_of_work import NotificationsUnitOfWork, Raced
from services.notifications.domain.contexts import digest_entry, reminder_letter
from services.notifications.domain.schedule import Slot, due_slot, reminds
from services.notifications.handlers.survey_events import run_survey_reminders
from shared.context import ServiceContext
from shared.events import Envelope

log = logging.getLogger(__name__)

SCHEDULE = "schedule"


def run_reminders(ctx: ServiceContext, as_of: dt.date) -> dict:
    """Write the reminders due on `as_of` for every State, one transaction per State (a
    failure for one State leaves the others done); return counts for the log."""
    with ctx.uow() as uow:
        states = uow.states_with_open_items()
    counts: Counter = Counter()
    for state in states:
        try:
            with ctx.uow() as uow:
                counts.update(remind_state(ctx, uow, state, as_of))
        except Raced:
            # an event reminded one of these slots meanwhile: the next run sees it
            counts["raced"] += 1
            log.info("reminders for %s as of %s raced another writer; next run", state, as_of)
    log.info("reminder run as of %s: %s", as_of, dict(counts))
    return dict(counts)


def remind_all(ctx: ServiceContext, as_of: dt.date) -> dict:
    """The day's reminders of open items, then of surveys not yet answered."""
    return {**run_reminders(ctx, as_of), "survey_letters": run_survey_reminders(ctx, as_of)}


def remind_state(ctx: ServiceContext, uow: NotificationsUnitOfWork, state: str,
                 as_of: dt.date) -> Counter:
    """The State's reminders due on `as_of`: one digest if several fall due together (and
    digests are on), else one letter each."""
    due: list[tuple[ItemRow, Slot]] = []
    for item in uow.open_items_for(state):
        if not reminds(item.history, item.deadline, item.opened_at.date()):
            continue
        policy = ctx.settings.policy(item.policy)
        slot = due_slot(policy, item.deadline, as_of, {r.slot for r in item.reminders})
        if slot is not None:
            due.append((item, slot))
    if not due:
        return Counter()
    settings = ctx.settings
    if settings.digest and len(due) >= max(2, settings.digest_min_items):
        _write_digest(ctx, uow, state, due, as_of)
        return Counter(digests=1, reminders=len(due))
    for item, slot in due:
        kind, context = reminder_letter(item, slot, as_of)
        _write(ctx, uow, [(item, slot)], as_of, SCHEDULE, Draft(
            kind=kind, state_code=state, review_id=item.review_id, context=context,
            key=f"reminder:{item.id}:{slot.name}:{state}:{kind}",
            cause_event_id=item.opened_by, correlation_id=item.correlation_id,
            copy_focal_points=_has_focal_point(item),
            copy_secretariat=_escalated(ctx, item, slot)))
    return Counter(letters=len(due), reminders=len(due))


def _write_digest(ctx, uow, state: str, due: list, as_of: dt.date) -> None:
    # the same reminders on the same day make the same digest: a rerun writes nothing
    slots = ",".join(f"{item.id}:{slot.name}" for item, slot in due)
    digest_id = hashlib.sha256(slots.encode()).hexdigest()[:16]
    first = due[0][0]
    _write(ctx, uow, due, as_of, SCHEDULE, Draft(
        kind="digest", state_code=state, review_id=None,
        context={"state_code": state, "as_of": as_of,
                 "entries": [digest_entry(item, slot, as_of) for item, slot in due]},
        key=f"digest:{state}:{as_of.isoformat()}:{digest_id}",
        cause_event_id=first.opened_by, correlation_id=first.correlation_id,
        copy_secretariat=any(_escalated(ctx, item, slot) for item, slot in due)))


def _has_focal_point(item: ItemRow) -> bool:
    """Copy the focal point, unless the reminder is precisely that there is none."""
    return item.topic != "focal_point"


def _escalated(ctx: ServiceContext, item: ItemRow, slot: Slot) -> bool:
    return slot.escalated(ctx.settings.policy(item.policy))


def _write(ctx, uow, reminded: list[tuple[ItemRow, Slot]], day: dt.date, source: str,
           draft: Draft) -> bool:
    message_id = uow.compose_all(ctx, [draft])[0]
    if message_id is None:
        return False
    for item, slot in reminded:
        item.reminders.append(ReminderRow(slot=slot.name, day=day, message_id=message_id,
                                          source=source))
    uow.flush()  # the unique (item, slot) speaks now, inside the caller's transaction
    return True


def remind_from_event(ctx: ServiceContext, uow: NotificationsUnitOfWork, item: ItemRow, slot: Slot,
                      kind: str, context: dict, event: Envelope) -> bool:
    """The reminder another service's event asks for, unless its slot was reminded already
    (by the timed run, or by an earlier event)."""
    if item.closed_at is not None:
        log.info("%s %s: %s of %s in review %s is settled; no reminder", event.type,
                 event.id, item.topic, item.state_code, item.review_id)
        return False
    if event.history or not reminds(item.history, item.deadline, item.opened_at.date()):
        log.info("%s %s: %s of %s in review %s is history, due %s before it was imported; "
                 "no reminder", event.type, event.id, item.topic, item.state_code,
                 item.review_id, item.deadline)
        return False
    if any(r.slot == slot.name for r in item.reminders):
        log.info("%s %s: reminder %s of item %s already sent; nothing written", event.type,
                 event.id, slot.name, item.id)
        return False
    draft = Draft(kind=kind, state_code=item.state_code, review_id=item.review_id,
                  context=context, key=f"{event.id}:{item.state_code}:{kind}",
                  cause_event_id=str(event.id), correlation_id=event.correlation_id,
                  copy_focal_points=_has_focal_point(item),
                  copy_secretariat=_escalated(ctx, item, slot))
    day = context.get("as_of", ctx.clock.today())
    return _write(ctx, uow, [(item, slot)], day, event.type, draft)
