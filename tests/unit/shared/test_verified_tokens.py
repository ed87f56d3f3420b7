"""A verified token is remembered until it expires, and never past it; a refused token is
refused every time."""

from __future__ import annotations

import datetime as dt

import pytest

from shared.auth.jwt import Unauthenticated, issue
from shared.auth.verified_tokens import VerifiedTokens
from tests.support.keys import new_keys

CONFIG, SIGNER = new_keys()


class Clock:
    """The seconds VerifiedTokens compares expiries with, set by the test."""

    def __init__(self, at: dt.datetime) -> None:
        self.at = at

    def __call__(self) -> float:
        return self.at.timestamp()


def test_a_remembered_token_is_refused_from_the_second_it_expires():
    issued = dt.datetime.now(dt.UTC).replace(microsecond=0)
    token = issue(SIGNER, subject="fp", role="focal_point", state="AUT", now=issued,
                  lifetime=dt.timedelta(minutes=10))
    clock = Clock(issued)
    tokens = VerifiedTokens(CONFIG, now=clock)
    assert tokens.verify(token).state == "AUT"
    clock.at = issued + dt.timedelta(minutes=10) - dt.timedelta(seconds=1)
    assert tokens.verify(token).role == "focal_point"  # remembered, still valid
    clock.at = issued + dt.timedelta(minutes=10)
    with pytest.raises(Unauthenticated, match="expired"):
        tokens.verify(token)


def test_a_refused_token_is_refused_again_and_pushes_no_valid_token_out():
    tokens = VerifiedTokens(CONFIG, size=1)
    good = issue(SIGNER, subject="s", role="secretariat")
    assert tokens.verify(good).is_secretariat
    forged = good[:-2] + ("AA" if not good.endswith("AA") else "BB")
    for _ in range(2):
        with pytest.raises(Unauthenticated):
            tokens.verify(forged)
    assert good in tokens


def test_the_least_recently_used_token_is_forgotten_beyond_the_size():
    tokens = VerifiedTokens(CONFIG, size=2)
    first, second, third = (issue(SIGNER, subject=f"s{i}", role="secretariat") for i in range(3))
    for token in (first, second, first, third):
        tokens.verify(token)
    assert (first in tokens, second in tokens, third in tokens) == (True, False, True)
