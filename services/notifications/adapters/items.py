"""The open items: what a State owes by a deadline, kept until the event that settles it.

Opening is idempotent (a redelivered or repeated event finds the item already there); each
item's reminders are rows of their own, unique per (item, slot).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping

from sqlalchemy import Select, bindparam, func, select, update
from sqlalchemy.orm import Session, lazyload, object_session

from services.notifications.adapters.orm import (
    HELD,
    PENDING,
    SKIPPED,
    ItemRow,
    MessageRow,
    ReminderRow,
)
from services.notifications.domain.contexts import STAGE_PREFIX
from shared.events import Envelope


def stage_topic(stage: str) -> str:
    return f"{STAGE_PREFIX}{stage}"


def policy_of(topic: str) -> str:
    """Stages share one policy; a focal point has its own; experts and observers share one."""
    if topic.startswith(STAGE_PREFIX):
        return "stage"
    return "focal_point" if topic == "focal_point" else "expert"


# The statements below are built once, on first use, and bound anew on each call: built
# anew, coercing every clause, they cost a stage change a seventh of its Python calls. They
# leave an item's reminders to be read when asked for: closing or opening needs none.

@functools.cache
def _latest_rounds() -> Select:
    """The current round of each of some States' items on one topic in one review. The
    highest round is found by grouping: a max() compared with each row ran once per round
    of the item's history."""
    where = (ItemRow.review_id == bindparam("review_id"), ItemRow.topic == bindparam("topic"))
    latest = (select(ItemRow.state_code, func.max(ItemRow.round).label("round"))
              .where(ItemRow.state_code.in_(bindparam("states", expanding=True)), *where)
              .group_by(ItemRow.state_code).subquery())
    return (select(ItemRow)
            .join(latest, (ItemRow.state_code == latest.c.state_code)
                  & (ItemRow.round == latest.c.round))
            .where(*where)
            .options(lazyload(ItemRow.reminders)))


@functools.cache
def _open_of_review() -> Select:
    return (select(ItemRow)
            .where(ItemRow.review_id == bindparam("review_id"), ItemRow.closed_at.is_(None))
            .options(lazyload(ItemRow.reminders)))


@functools.cache
def _any_reminder_of() -> Select:
    return select(ReminderRow.id).where(
        ReminderRow.item_id.in_(bindparam("item_ids", expanding=True))).limit(1)


def open_item(session: Session, *, state_code: str, review_id: int, topic: str,
              capacity: str, state_under_review: str, deadline: dt.date, event: Envelope,
              now: dt.datetime, new_round: bool = False) -> ItemRow:
    """The open item for (State, review, topic), opened now if there is none.

    An existing open item keeps its deadline; `new_round` opens a fresh round after a closed
    one (a withdrawn focal point to replace), whose reminders start again.
    """
    return open_items(session, {state_code: capacity}, review_id=review_id, topic=topic,
                      state_under_review=state_under_review, deadline=deadline, event=event,
                      now=now, new_round=new_round)[state_code]


def open_items(session: Session, capacities: Mapping[str, str], *, review_id: int,
               topic: str, state_under_review: str, deadline: dt.date, event: Envelope,
               now: dt.datetime, new_round: bool = False) -> dict[str, ItemRow]:
    """open_item for each State of `capacities` (State -> its capacity in the review), with
    one query for their current rounds."""
    current = {item.state_code: item for item in session.scalars(_latest_rounds(), {
        "states": list(capacities), "review_id": review_id, "topic": topic})}
    opened, new = next_rounds(current, capacities, review_id=review_id, topic=topic,
                              state_under_review=state_under_review, deadline=deadline,
                              event=event, now=now, new_round=new_round)
    session.add_all(new)
    return opened


def next_rounds(current: Mapping[str, ItemRow], capacities: Mapping[str, str], *,
                review_id: int, topic: str, state_under_review: str, deadline: dt.date,
                event: Envelope, now: dt.datetime,
                new_round: bool) -> tuple[dict[str, ItemRow], list[ItemRow]]:
    """Each State's open item given its `current` round (if any), and the new ones among
    them, to be added."""
    opened, new = {}, []
    for state, capacity in capacities.items():
        item = current.get(state)
        if item is None or (item.closed_at is not None and new_round):
            item = ItemRow(
                state_code=state, review_id=review_id, topic=topic,
                round=(item.round + 1) if item else 1, policy=policy_of(topic),
                capacity=capacity, state_under_review=state_under_review, deadline=deadline,
                opened_at=now, opened_by=str(event.id), correlation_id=event.correlation_id,
                history=event.history,
                reminders=[])  # a new item has none: spares the query that would look for them
            new.append(item)
        opened[state] = item
    return opened, new


def close(items: Iterable[ItemRow], event: Envelope, now: dt.datetime, why: str) -> int:
    """Close the open ones among `items`, and withdraw their reminders not yet sent (held
    for a Mission, or kept for tomorrow by the daily cap): a reminder must not reach a
    Mission after the nomination it asks for was made. Return how many were closed."""
    closed = [item for item in items if item.closed_at is None]
    reason = f"{event.type} {event.id}: {why}"
    for item in closed:
        item.closed_at, item.closed_by = now, reason[:120]
    if closed:
        withdraw_unsent(object_session(closed[0]), [i.id for i in closed], reason)
    return len(closed)


def withdraw_unsent(session: Session, item_ids: list[int], reason: str) -> int:
    """Skip the unsent messages that remind only of settled items (a digest that also
    reminds of an item still open keeps going)."""
    session.flush()
    if session.scalar(_any_reminder_of(), {"item_ids": item_ids}) is None:
        return 0  # nothing ever reminded of these items: nothing to withdraw
    messages = select(ReminderRow.message_id).where(ReminderRow.item_id.in_(item_ids))
    still_open = (select(ReminderRow.message_id).join(ItemRow)
                  .where(ReminderRow.message_id.in_(messages), ItemRow.closed_at.is_(None)))
    # the status test is in the UPDATE itself: a message the deliverer is sending right now
    # is waited for and, once sent, left as sent
    return session.execute(
        update(MessageRow)
        .where(MessageRow.id.in_(messages), MessageRow.id.not_in(still_open),
               MessageRow.status.in_((HELD, PENDING)))
        .values(status=SKIPPED, next_attempt_at=None,
                last_error=f"not sent: settled before it left ({reason})"[:500]),
        execution_options={"synchronize_session": False}).rowcount


def open_items_of(session: Session, review_id: int, *, state_code: str | None = None,
                  topic: str | None = None) -> list[ItemRow]:
    query = _open_of_review()
    if state_code is not None:
        query = query.where(ItemRow.state_code == state_code)
    if topic is not None:
        query = query.where(ItemRow.topic == topic)
    return list(session.scalars(query, {"review_id": review_id}))


def states_with_open_items(session: Session) -> list[str]:
    return list(session.scalars(
        select(ItemRow.state_code).where(ItemRow.closed_at.is_(None))
        .distinct().order_by(ItemRow.state_code)))


def open_items_for(session: Session, state_code: str) -> list[ItemRow]:
    return list(session.scalars(
        select(ItemRow).where(ItemRow.state_code == state_code, ItemRow.closed_at.is_(None))
        .order_by(ItemRow.deadline, ItemRow.id)))
