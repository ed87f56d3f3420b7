"""A read that every page makes and whose answer changes a few times a year, kept for a
short while in the portal's process: the States parties (names and regional groups), two
pages of the lots service's list that nearly every page names States from.

Every role may read that list whole, so the copy read with one person's token is the copy
any other would read; after KEPT_SECONDS the next page reads it again, so a State
registered or renamed shows within a minute. Nothing else is kept: what a person sees of
the reviews is read with their own token at every page.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")

KEPT_SECONDS = 60.0


class Kept(Generic[T]):
    def __init__(self, seconds: float = KEPT_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self.clock = clock
        self._lock = threading.Lock()
        self._value: T | None = None
        self._read_at = 0.0

    def get(self, read: Callable[[], T]) -> T:
        """The kept answer while it is fresh, else `read()`'s (kept in turn). A failed read
        keeps nothing, and raises as the read would."""
        with self._lock:
            if self._value is not None and self.clock() - self._read_at < self.seconds:
                return self._value
        value, read_at = read(), self.clock()
        with self._lock:
            self._value, self._read_at = value, read_at
        return value
