"""Which reviews had started as of a date, from the stage changes the reviews service
announced (ReviewStageChanged): the reviews service's own rule, read from its events, so
that the two services count the reviews waiting for a focal point alike (note, para. 21).

A review waits for nominations from its scheduling until it moves on; it may be sent back
to the wait, and is then waiting again from that day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

WAITING_FOR_NOMINATIONS = "waiting_for_nominations"


@dataclass(frozen=True)
class StageChange:
    review_id: int
    to_stage: str
    changed_on: dt.date


def started_by(changes: Iterable[StageChange], as_of: dt.date) -> set[int]:
    """The reviews whose latest change on or before `as_of` took them out of the wait
    (`changes` in the order they were heard; the sort keeps that order within a day)."""
    stage_of: dict[int, str] = {}
    for change in sorted(changes, key=lambda c: c.changed_on):
        if change.changed_on <= as_of:
            stage_of[change.review_id] = change.to_stage
    return {review for review, stage in stage_of.items() if stage != WAITING_FOR_NOMINATIONS}
