"""When nominations fall due, and by how much they are late (DOMAIN.md, "Nominations")."""

from __future__ import annotations

import datetime as dt


def focal_point_due_on(starts_on: dt.date, due_days: int) -> dt.date:
    """The last day a State may name its focal point: `due_days` after the review starts
    (two weeks by the note, para. 8; the number is a setting)."""
    return starts_on + dt.timedelta(days=due_days)


def is_overdue(due_on: dt.date, as_of: dt.date) -> bool:
    """The due day itself still counts as in time: late only from the day after."""
    return as_of > due_on


def days_overdue(due_on: dt.date, as_of: dt.date) -> int:
    return (as_of - due_on).days
