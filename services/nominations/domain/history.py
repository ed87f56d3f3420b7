"""The nominations part of the history bundle (docs/history-bundle.md), as the service
reads it: one fact a line, replayed in the order the facts happened.

A review is named by its phase and its State under review, never by an id of ours; a line
with neither is a nomination (or withdrawal) for every review of the State in that role.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from services.nominations.domain.commands import PersonDetails

NOMINATIONS_FILE, WITHDRAWALS_FILE = "nominations.csv", "withdrawals.csv"

#: (phase, state_under_review), or None for every review of the State
ReviewName = tuple[int, str] | None


@dataclass(frozen=True)
class NominationLine:
    line: int
    state_code: str
    role: str
    person: PersonDetails
    review: ReviewName
    nominated_on: dt.date

    file = NOMINATIONS_FILE

    @property
    def day(self) -> dt.date:
        return self.nominated_on


@dataclass(frozen=True)
class WithdrawalLine:
    line: int
    state_code: str
    role: str
    email: str
    review: ReviewName
    withdrawn_on: dt.date
    replaced_by_email: str | None = None
    reason: str | None = None

    file = WITHDRAWALS_FILE

    @property
    def day(self) -> dt.date:
        return self.withdrawn_on


def in_the_order_they_happened(
    nominations: Iterable[NominationLine], withdrawals: Iterable[WithdrawalLine]
) -> list[NominationLine | WithdrawalLine]:
    """Day by day; on one day the withdrawals first (a focal point leaves before the one
    who replaces them is nominated); each file in the order of its lines."""
    return sorted([*nominations, *withdrawals],
                  key=lambda fact: (fact.day, isinstance(fact, NominationLine), fact.line))
