"""Who takes part in which review, from when and until when.

A State takes part from the start of the review, or, when a repetition of the drawing of
lots brought it in, from the day of the repetition; the State it replaced stops taking part
that day, and its nominations for the review end with it (note, para. 4 and 6).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Participation:
    review_id: int
    state_code: str
    capacity: str
    state_under_review: str
    starts_on: dt.date
    group_number: int = 0
    ended_on: dt.date | None = None

    def taking_part_on(self, day: dt.date) -> bool:
        """Started by `day` and not yet ended: the replaced State's last day is the eve of
        the repetition."""
        return self.starts_on <= day and (self.ended_on is None or self.ended_on > day)


def replacement_starts_on(review_starts_on: dt.date, repeated_on: dt.date) -> dt.date:
    """Due dates of the State brought in count from the repetition, but never from before
    the review itself starts (a repetition may come months before the start)."""
    return max(review_starts_on, repeated_on)


def withdrawal_reason(replaced: str, replacement: str, repetition: int) -> str:
    return (f"repetition {repetition} of the drawing of lots replaced {replaced} "
            f"by {replacement}")
