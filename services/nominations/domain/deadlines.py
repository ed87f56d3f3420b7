"""When nominations fall due, how late they are, and which reminder is due (DOMAIN.md,
"Nominations"; the numbers are settings, the defaults are the note's, para. 8)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from services.nominations.domain.commands import EXPERT, FOCAL_POINT


@dataclass(frozen=True)
class NominationPolicy:
    #: a focal point within two weeks of the start of the review (note, para. 8)
    focal_point_due_days: int = 14
    #: governmental experts within four weeks (note, para. 8)
    expert_due_days: int = 28
    #: days between two reminders about the same missing nomination (policy)
    reminder_period_days: int = 14
    #: after this many reminders the service stops chasing (policy)
    max_reminders: int = 5

    def __post_init__(self) -> None:
        if min(self.focal_point_due_days, self.expert_due_days) < 0:
            raise ValueError("nomination due days cannot be negative")
        if self.reminder_period_days < 1 or self.max_reminders < 1:
            raise ValueError("the reminder period and the number of reminders must be >= 1")

    def due_days(self, role: str) -> int:
        if role == FOCAL_POINT:
            return self.focal_point_due_days
        if role == EXPERT:
            return self.expert_due_days
        raise ValueError(f"no nomination of a {role} is ever due")


def due_on(starts_on: dt.date, due_days: int) -> dt.date:
    """The last day a State may nominate: `due_days` after its participation starts."""
    return starts_on + dt.timedelta(days=due_days)


def is_overdue(due: dt.date, as_of: dt.date) -> bool:
    """The due day itself still counts as in time: late only from the day after."""
    return as_of > due


def days_overdue(due: dt.date, as_of: dt.date) -> int:
    return (as_of - due).days


def reminder_due(due: dt.date, as_of: dt.date, policy: NominationPolicy) -> int | None:
    """The number of the latest reminder due as of `as_of`, or None before the first.

    Reminder k falls due on due + 1 + (k - 1) * period, up to the policy's maximum: the
    first the day after the deadline, then one each period while the nomination is missing.
    """
    if not is_overdue(due, as_of):
        return None
    k = 1 + (days_overdue(due, as_of) - 1) // policy.reminder_period_days
    return min(k, policy.max_reminders)
