"""The history's lines replayed in the order the facts happened (domain/history.py)."""

from __future__ import annotations

import datetime as dt

from services.nominations.domain.commands import PersonDetails
from services.nominations.domain.history import (
    NominationLine,
    WithdrawalLine,
    in_the_order_they_happened,
)

DAY = dt.date(2021, 6, 1)
SUCCESSOR = PersonDetails("E. Boateng", "", "e@gha.example.org", "female")


def test_a_withdrawal_comes_before_the_nomination_of_the_same_day_when_replayed():
    """The focal point leaves before the one who replaces them comes, whatever the files'
    order; otherwise the State would hold two focal points for a moment and be refused."""
    successor = NominationLine(2, "GHA", "focal_point", SUCCESSOR, (1, "KEN"), DAY)
    earlier = NominationLine(9, "GHA", "expert", SUCCESSOR, (1, "KEN"), DAY - dt.timedelta(1))
    leaving = WithdrawalLine(2, "GHA", "focal_point", "k@gha.example.org", (1, "KEN"), DAY,
                             "e@gha.example.org")
    assert in_the_order_they_happened([successor, earlier], [leaving]) == [
        earlier, leaving, successor]
    assert (leaving.file, successor.file) == ("withdrawals.csv", "nominations.csv")
