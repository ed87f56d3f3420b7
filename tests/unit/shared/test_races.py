"""A transaction that loses a race on a unique key runs again, a bounded number of times."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from shared.db.races import again_if_raced


def losing(times: int):
    """A transaction that loses `times` races, then commits and answers how often it ran."""
    runs = []

    def run() -> int:
        runs.append(1)
        if len(runs) <= times:
            raise IntegrityError("INSERT INTO notices", {}, Exception("unique key"))
        return len(runs)
    return run


def test_the_transaction_runs_again_when_another_committed_the_same_key_first():
    assert again_if_raced(losing(2), "a sweep") == 3


def test_the_race_error_goes_through_when_every_attempt_loses():
    with pytest.raises(IntegrityError):
        again_if_raced(losing(3), "a sweep")
