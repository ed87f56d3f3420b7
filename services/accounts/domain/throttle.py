"""Repeated sign-in failures are slowed, then locked for a while: per e-mail address typed
(whether or not an account has it, so that the answers do not tell) and per network
address. Pure rules over a count and two instants; the adapters keep them per key."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

#: the longest wait between two attempts before the lock
MAX_WAIT = dt.timedelta(seconds=60)


@dataclass(frozen=True)
class Policy:
    slow_after: int
    lock_after: int
    lock_for: dt.timedelta


@dataclass(frozen=True)
class Failures:
    count: int = 0
    last_at: dt.datetime | None = None
    locked_until: dt.datetime | None = None


def wait_before_next(failures: Failures, now: dt.datetime, policy: Policy) -> dt.timedelta:
    """How long before another attempt may be tried (zero: now)."""
    if failures.locked_until is not None and failures.locked_until > now:
        return failures.locked_until - now
    if failures.count < policy.slow_after or failures.last_at is None:
        return dt.timedelta(0)
    wait = min(MAX_WAIT, dt.timedelta(seconds=2 ** (failures.count - policy.slow_after)))
    return max(dt.timedelta(0), failures.last_at + wait - now)


def after_failure(failures: Failures, now: dt.datetime, policy: Policy) -> Failures:
    """One more failure; at the policy's count, locked. A lock that has run out, or a quiet
    spell as long as a lock, starts the count again."""
    if ((failures.locked_until is not None and failures.locked_until <= now)
            or (failures.last_at is not None and now - failures.last_at >= policy.lock_for)):
        failures = Failures()
    count = failures.count + 1
    locked = now + policy.lock_for if count >= policy.lock_after else failures.locked_until
    return Failures(count=count, last_at=now, locked_until=locked)
