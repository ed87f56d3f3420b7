"""Which focal points are missing as of a date, and which of them still need a notice.

A review cannot start while a focal point is missing, and the secretariat must be able to
tell whether it is the State under review's or a reviewing State's (note, para. 21): so each
missing nomination carries the capacity in which the State takes part.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from services.nominations.domain.commands import FOCAL_POINT
from services.nominations.domain.deadlines import days_overdue, focal_point_due_on, is_overdue

#: this slice sends a single reminder; later reminders get higher numbers
FIRST_REMINDER = 1


@dataclass(frozen=True)
class Participation:
    review_id: int
    state_code: str
    capacity: str
    state_under_review: str
    starts_on: dt.date


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


def missing_focal_points(
    participations: Iterable[Participation],
    nominated: set[tuple[str, int]],
    as_of: dt.date,
    due_days: int,
) -> list[MissingNomination]:
    """Every participation past its due date with no active focal point (`nominated` holds
    (state_code, review_id) pairs that have one), oldest due first."""
    missing = []
    for p in participations:
        due_on = focal_point_due_on(p.starts_on, due_days)
        if not is_overdue(due_on, as_of) or (p.state_code, p.review_id) in nominated:
            continue
        missing.append(MissingNomination(
            p.state_code, FOCAL_POINT, p.review_id, p.capacity, p.state_under_review,
            due_on, as_of, days_overdue(due_on, as_of),
        ))
    return sorted(missing, key=lambda m: (m.due_on, m.review_id, m.state_code))


def still_to_notify(
    missing: Iterable[MissingNomination], noticed: set[tuple[str, str, int]]
) -> list[MissingNomination]:
    """Drop what was already notified: (state_code, role, review_id) of the first reminder.
    Each missing nomination is announced once, however often the sweep runs."""
    return [m for m in missing if (m.state_code, m.role, m.review_id) not in noticed]
