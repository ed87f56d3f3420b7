"""Which nominations are missing as of a date, and which reminder each of them is due.

A review cannot start while a focal point is missing, and the secretariat must be able to
tell whether it is the State under review's or a reviewing State's (note, para. 21): so each
missing nomination carries the capacity in which the State takes part. Focal points and
governmental experts are chased; observers are optional.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from services.nominations.domain.commands import DUE_ROLES
from services.nominations.domain.deadlines import (
    NominationPolicy,
    days_overdue,
    due_on,
    reminder_due,
)
from services.nominations.domain.participation import Participation

#: (state_code, role, review_id): one nomination the mechanism expects
Key = tuple[str, str, int]


@dataclass(frozen=True)
class MissingNomination:
    state_code: str
    role: str
    review_id: int
    capacity: str
    state_under_review: str
    due_on: dt.date
    as_of: dt.date
    days_overdue: int
    #: the latest reminder due as of `as_of` under the policy
    reminder: int

    @property
    def key(self) -> Key:
        return (self.state_code, self.role, self.review_id)


def missing_nominations(
    participations: Iterable[Participation],
    nominated: set[Key],
    as_of: dt.date,
    policy: NominationPolicy,
    roles: Iterable[str] = DUE_ROLES,
) -> list[MissingNomination]:
    """Every (State, role, review) past its due date with nobody nominated (`nominated`
    holds the keys that have someone), oldest due first."""
    missing = []
    for p in participations:
        if not p.taking_part_on(as_of):
            continue
        for role in roles:
            due = due_on(p.starts_on, policy.due_days(role))
            reminder = reminder_due(due, as_of, policy)
            if reminder is None or (p.state_code, role, p.review_id) in nominated:
                continue
            missing.append(MissingNomination(
                p.state_code, role, p.review_id, p.capacity, p.state_under_review,
                due, as_of, days_overdue(due, as_of), reminder,
            ))
    return sorted(missing, key=lambda m: (m.due_on, m.review_id, m.state_code, m.role))


def still_to_notify(
    missing: Iterable[MissingNomination], sent: dict[Key, int]
) -> list[MissingNomination]:
    """Keep what has a reminder due beyond the last one sent (`sent`: key -> highest
    reminder number published). Reminders only go up: a sweep as of an earlier date, or a
    second sweep the same day, sends nothing again; a sweep that ran late sends the latest
    reminder due, not every one it missed."""
    return [m for m in missing if m.reminder > sent.get(m.key, 0)]
