"""When to try a message again after a temporary SMTP failure."""

from __future__ import annotations

import datetime as dt

#: beyond this exponent the cap always wins; stops 2**n from growing without bound
_MAX_DOUBLINGS = 32


def retry_delay(attempts: int, base: float, cap: float) -> float:
    """Seconds to wait after the `attempts`-th failed attempt: base, 2*base, 4*base... capped."""
    if attempts < 1:
        return 0.0
    return min(cap, base * 2 ** min(attempts - 1, _MAX_DOUBLINGS))


def next_attempt(now: dt.datetime, attempts: int, base: float, cap: float) -> dt.datetime:
    return now + dt.timedelta(seconds=retry_delay(attempts, base, cap))
