"""The accounts' pure rules: the password policy, slowing and locking, the second factor's
window and its replay."""

from __future__ import annotations

import datetime as dt

import pyotp
import pytest

from services.accounts.adapters.hashing import common_passwords
from services.accounts.domain.grants import Grant, choose
from services.accounts.domain.passwords import password_problem
from services.accounts.domain.second_factor import accepted_step
from services.accounts.domain.throttle import Failures, Policy, after_failure, wait_before_next

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
POLICY = Policy(slow_after=3, lock_after=10, lock_for=dt.timedelta(minutes=15))


@pytest.mark.parametrize("password, says", [
    ("short", "at least 12"), ("x" * 257, "at most 256"), ("password1234", "common"),
    ("Qwertyuiop12!", "common"), ("123456789012", "common"),
    ("jane.doe-secret-words", "e-mail address")])
def test_a_password_below_the_policy_is_refused_saying_why(password, says):
    assert says in password_problem(password, email="jane.doe@gov.example.org",
                                    min_length=12, common=common_passwords())


def test_a_long_uncommon_password_is_accepted():
    assert password_problem("correct horse battery staple", email="j@gov.example.org",
                            min_length=12, common=common_passwords()) is None


def test_failures_are_slowed_doubling_then_locked_and_the_lock_runs_out():
    failures, now = Failures(), T0
    for _ in range(3):
        assert wait_before_next(failures, now, POLICY) == dt.timedelta(0)
        failures = after_failure(failures, now, POLICY)
    assert wait_before_next(failures, now, POLICY) == dt.timedelta(seconds=1)
    failures = after_failure(failures, now, POLICY)
    assert wait_before_next(failures, now, POLICY) == dt.timedelta(seconds=2)
    for _ in range(6):
        failures = after_failure(failures, now, POLICY)
    assert failures.locked_until == now + dt.timedelta(minutes=15)
    assert wait_before_next(failures, now, POLICY) == dt.timedelta(minutes=15)
    later = now + dt.timedelta(minutes=15)
    assert after_failure(failures, later, POLICY).count == 1  # the count starts again


def test_failures_far_apart_are_not_added_up():
    failures = after_failure(Failures(), T0, POLICY)
    failures = after_failure(failures, T0 + dt.timedelta(minutes=5), POLICY)
    assert failures.count == 2
    assert after_failure(failures, T0 + dt.timedelta(minutes=20), POLICY).count == 1


def test_a_code_is_accepted_in_its_window_once_and_never_replayed():
    secret = pyotp.random_base32()
    code = pyotp.TOTP(secret).at(T0)
    step = accepted_step(secret, code, T0, None)
    assert step is not None
    assert accepted_step(secret, code, T0 + dt.timedelta(seconds=25), step) is None
    assert accepted_step(secret, code, T0 + dt.timedelta(seconds=29), None) is not None
    assert accepted_step(secret, code, T0 + dt.timedelta(minutes=5), None) is None
    assert accepted_step(secret, "12345", T0, None) is None
    assert accepted_step(secret, "１２３４５６", T0, None) is None  # not ASCII digits


def test_the_grant_asked_for_is_chosen_or_none_when_not_held():
    held = [Grant("expert", "DEU"), Grant("focal_point", "AUT")]
    assert choose(held, None, None) == Grant("focal_point", "AUT")
    assert choose(held, "expert", None) == Grant("expert", "DEU")
    assert choose(held, "expert", "AUT") is None
