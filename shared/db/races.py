"""A transaction that may lose a race on a unique key, run again so that it recomputes
without what the winner committed: two sweeps (the web's and the worker's) writing the
same notice, each notice going out once."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import IntegrityError

log = logging.getLogger(__name__)

T = TypeVar("T")

#: how many times a transaction that keeps losing is run before its error is let through
ATTEMPTS = 3


def again_if_raced(run: Callable[[], T], what: str, attempts: int = ATTEMPTS) -> T:
    """`run()`; when another transaction committed the same unique key first, `run()`
    again (at most `attempts` times in all, the last one's error raised)."""
    for _ in range(attempts - 1):
        try:
            return run()
        except IntegrityError:
            log.info("%s raced another transaction; recomputing", what)
    return run()
