"""When to remind a State of something it owes (a nomination, a stage's work): pure rules.

A reminder policy, per kind of open item, lays out the item's slots around its deadline: a
courtesy reminder some days before it, one on the day itself, then one every N days, at most
M times. Which slot is due is a pure function of (policy, deadline, today, slots already
sent), so a reminder run can be repeated or replayed for any date and sends nothing twice.

A slot is current from its own day until the next slot's day (the last one for N days).
A worker that was down, or history loaded long after the fact, therefore sends at most the
slot that is current today, never a burst of stale ones, and nothing once the schedule has
run out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

BEFORE, ON = "before", "on"


def after(k: int) -> str:
    """The name of the k-th reminder after the deadline (k from 1)."""
    return f"after-{k}"


@dataclass(frozen=True)
class ReminderPolicy:
    #: days before the deadline for the courtesy reminder; 0 sends none
    before_days: int = 7
    #: remind on the day of the deadline itself
    on_deadline: bool = True
    #: N: days between two reminders once the deadline has passed
    every_days: int = 14
    #: M: the most reminders after the deadline
    max_after: int = 5
    #: K: from the K-th reminder of an item on (counting every slot), copy the secretariat
    escalate_from: int = 4

    def __post_init__(self) -> None:
        if self.before_days < 0:
            raise ValueError("before_days must be 0 (no courtesy reminder) or more")
        if self.every_days < 1:
            raise ValueError("every_days must be at least 1")
        if self.max_after < 0:
            raise ValueError("max_after must be 0 or more")
        if self.escalate_from < 1:
            raise ValueError("escalate_from must be at least 1")


@dataclass(frozen=True)
class Slot:
    name: str
    day: dt.date
    #: position in the item's schedule, from 1: what "the K-th reminder" counts
    ordinal: int
    #: k for the k-th reminder after the deadline, 0 before and on it
    after: int

    def escalated(self, policy: ReminderPolicy) -> bool:
        return self.ordinal >= policy.escalate_from


def schedule(policy: ReminderPolicy, deadline: dt.date) -> list[Slot]:
    """Every slot of an item, in order of their days."""
    plan: list[tuple[str, dt.date, int]] = []
    if policy.before_days:
        plan.append((BEFORE, deadline - dt.timedelta(days=policy.before_days), 0))
    if policy.on_deadline:
        plan.append((ON, deadline, 0))
    for k in range(1, policy.max_after + 1):
        plan.append((after(k), deadline + dt.timedelta(days=k * policy.every_days), k))
    return [Slot(name, day, i, k) for i, (name, day, k) in enumerate(plan, start=1)]


def current_slot(policy: ReminderPolicy, deadline: dt.date, today: dt.date) -> Slot | None:
    """The slot whose window holds `today`, or None before the first or after the last."""
    slots = schedule(policy, deadline)
    for i, slot in enumerate(slots):
        last = i == len(slots) - 1
        ends = slot.day + dt.timedelta(days=policy.every_days) if last else slots[i + 1].day
        if slot.day <= today < ends:
            return slot
    return None


def due_slot(policy: ReminderPolicy, deadline: dt.date, today: dt.date,
             sent: Collection[str]) -> Slot | None:
    """The reminder to send today for an item, or None (nothing due, or already sent)."""
    slot = current_slot(policy, deadline, today)
    return None if slot is None or slot.name in sent else slot


def after_slot(policy: ReminderPolicy, deadline: dt.date, k: int) -> Slot | None:
    """The k-th reminder after the deadline, or None if the policy stops before it: where
    another service's k-th reminder event (NominationMissing) lands in this schedule."""
    return next((s for s in schedule(policy, deadline) if s.after == k), None)


def slot_for_overdue(policy: ReminderPolicy, deadline: dt.date,
                     days_overdue: int) -> Slot | None:
    """Where an unnumbered "deadline missed" event lands: the after-deadline reminder whose
    window holds that many days overdue (at least the first), None past the last one."""
    return after_slot(policy, deadline, max(1, days_overdue // policy.every_days))


def reminds(history: bool, deadline: dt.date, learned_on: dt.date) -> bool:
    """Whether anyone is reminded of an item. One brought in by a history import whose
    deadline had passed before the import is kept (it is still owed), but every reminder of
    it would be about that passed deadline: none is sent."""
    return not (history and deadline < learned_on)


def is_stale(day: dt.date, today: dt.date, stale_after_days: int) -> bool:
    """A letter about a day this far in the past is history being loaded, not news."""
    return (today - day).days > stale_after_days
