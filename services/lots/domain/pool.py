"""The pool a pick is drawn from, kept compactly: a draw of 5,000 States makes thousands of
picks from pools of thousands, too many to copy each one out.

A pool is the sorted candidates of its kind of place, less the reviewers that had reached
their limit before the pick (`closed`, shared by every pool of a draw and only ever added
to), less the few States excluded for this pick alone. It spells itself out on demand.
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Iterator, Mapping


class Pool:
    __slots__ = ("_base", "_closed", "_step", "_excluded", "_codes")

    def __init__(self, base: tuple[str, ...], closed: Mapping[str, int], step: int,
                 excluded: frozenset[str]) -> None:
        self._base, self._closed, self._step, self._excluded = base, closed, step, excluded
        self._codes: tuple[str, ...] | None = None

    @classmethod
    def of(cls, codes) -> Pool:
        return cls(tuple(sorted(codes)), {}, 0, frozenset())

    @property
    def codes(self) -> tuple[str, ...]:
        if self._codes is None:
            step, closed, excluded = self._step, self._closed, self._excluded
            self._codes = tuple(c for c in self._base
                                if closed.get(c, step) >= step and c not in excluded)
        return self._codes

    def __len__(self) -> int:
        return len(self.codes)

    def __iter__(self) -> Iterator[str]:
        return iter(self.codes)

    def __contains__(self, code: object) -> bool:
        return code in self.codes

    def __getitem__(self, index: int) -> str:
        return self.codes[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Pool):
            return self.codes == other.codes
        if isinstance(other, (tuple, list)):
            return self.codes == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.codes)

    def __repr__(self) -> str:
        return f"Pool({list(self.codes)!r})"


def contains(ordered: list[str], code: str) -> bool:
    i = bisect.bisect_left(ordered, code)
    return i < len(ordered) and ordered[i] == code


def choose(rng: random.Random, live: list[str], excluded: set[str]) -> str:
    """`pool[rng.randrange(len(pool))]`, where pool is `live` less `excluded`, without
    building the pool: the uniform rule, at the cost of a few bisections."""
    skipped = sorted(bisect.bisect_left(live, c) for c in excluded if contains(live, c))
    k = rng.randrange(len(live) - len(skipped))
    for position in skipped:
        if position > k:
            break
        k += 1
    return live[k]
