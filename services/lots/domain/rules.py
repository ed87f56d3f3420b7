"""The rules of a draw as data: which places each State under review has, and who fits them.

A State under review has two main places (one reviewer of its own regional group and one
of another; two of any group for a party in no regional group). A main reviewer that is
not party to every instrument of the State under review leaves a gap: an additional place,
filled by a reviewer party to all the instruments of that gap, who reviews those only
(../shared/DOMAIN.md, "Drawing of lots").
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from services.lots.domain.parties import StateParty

SAME_REGION, OTHER_REGION, ANY_REGION = "same_region", "other_region", "any_region"
ADDITIONAL = "additional"
#: every State party is party to the Convention; a main reviewer must share it
CONVENTION = "convention"


@dataclass(frozen=True)
class Rules:
    """The policies a draw obeys (settings of the service, stored with every draw)."""

    max_per_reviewer: int = 2
    max_reviewing_states: int = 4
    #: States under review that agreed to another number of reviewing States
    limits: Mapping[str, int] = field(default_factory=dict)

    def limit_for(self, code: str) -> int:
        return self.limits.get(code, self.max_reviewing_states)

    def as_dict(self) -> dict:
        return {"max_per_reviewer": self.max_per_reviewer,
                "max_reviewing_states": self.max_reviewing_states,
                "limits": dict(sorted(self.limits.items()))}


class Slot(NamedTuple):
    """A place to fill: main place `index` (0 or 1) of `state`, or the additional place
    that completes it."""

    state: str
    index: int
    additional: bool = False

    @property
    def main(self) -> Slot:
        return Slot(self.state, self.index, False)

    @property
    def extra(self) -> Slot:
        return Slot(self.state, self.index, True)


def main_kinds(party: StateParty) -> tuple[str, str]:
    if party.regional_group is None:
        return (ANY_REGION, ANY_REGION)
    return (SAME_REGION, OTHER_REGION)


class Problem:
    """What does not change during a draw: the parties, the barred pairs, the rules, and
    the candidate lists of each kind of place (sorted by code, so every draw iterates alike).
    """

    def __init__(self, under_review: Iterable[StateParty], pool: Iterable[StateParty],
                 forbidden: Iterable[tuple[str, str]], rules: Rules) -> None:
        pool = list(pool)
        under_review = list(under_review)
        forbidden = sorted(forbidden)
        self.source = (under_review, pool, forbidden)
        self.rules = rules
        self.region = {p.code: p.regional_group for p in [*pool, *under_review]}
        self.inst = {p.code: frozenset(p.instruments) for p in [*pool, *under_review]}
        self.under_review = sorted({p.code for p in under_review})
        self.reviewers = tuple(sorted({p.code for p in pool}))
        self.kinds = {p.code: main_kinds(p) for p in under_review}
        # (reviewer, reviewed) pairs of the phase: no pair twice, and no pair reversed
        self.barred: dict[str, set[str]] = {code: set() for code in self.under_review}
        for reviewer, reviewed in forbidden:
            self.barred.setdefault(reviewed, set()).add(reviewer)
            self.barred.setdefault(reviewer, set()).add(reviewed)
        self._lists: dict[tuple, tuple[str, ...]] = {}
        classes: dict[frozenset[str], list[str]] = {}
        for code in self.reviewers:
            classes.setdefault(self.inst[code], []).append(code)
        self._classes = sorted(((k, tuple(v)) for k, v in classes.items()),
                               key=lambda item: sorted(item[0]))

    def with_rules(self, rules: Rules) -> Problem:
        return Problem(*self.source, rules)

    def without_gaps(self) -> Problem:
        """The same draw as if every party were party to every instrument."""
        every = tuple(sorted(set().union(*self.inst.values())))
        under_review, pool, forbidden = self.source
        return Problem([dataclasses.replace(p, instruments=every) for p in under_review],
                       [dataclasses.replace(p, instruments=every) for p in pool],
                       forbidden, self.rules)

    def by_instruments(self) -> list[tuple[frozenset[str], tuple[str, ...]]]:
        """The reviewers grouped by the instruments they are party to."""
        return self._classes

    def kind(self, slot: Slot) -> str:
        return ADDITIONAL if slot.additional else self.kinds[slot.state][slot.index]

    def gap(self, state: str, reviewer: str) -> frozenset[str]:
        """The instruments of `state` that `reviewer` cannot review."""
        return self.inst[state] - self.inst[reviewer]

    def key(self, slot: Slot, gap: frozenset[str] = frozenset()) -> tuple:
        if slot.additional:
            return (ADDITIONAL, gap)
        state = slot.state
        return (self.kind(slot), self.region[state], CONVENTION in self.inst[state])

    def candidates(self, key: tuple) -> tuple[str, ...]:
        """Every reviewer that fits a kind of place by region and instruments (sorted)."""
        if key not in self._lists:
            self._lists[key] = tuple(r for r in self.reviewers if self.fits_key(key, r))
        return self._lists[key]

    def fits_key(self, key: tuple, reviewer: str) -> bool:
        if key[0] == ADDITIONAL:
            return key[1] <= self.inst[reviewer]
        kind, region, needs_convention = key
        if needs_convention and CONVENTION not in self.inst[reviewer]:
            return False
        if kind == SAME_REGION:
            return self.region[reviewer] == region
        if kind == OTHER_REGION:
            return self.region[reviewer] != region
        return True

    def fits(self, slot: Slot, reviewer: str, gap: frozenset[str] = frozenset()) -> bool:
        """Region, instruments, no self-review and no pair barred by earlier draws."""
        state = slot.state
        return (reviewer != state and reviewer not in self.barred[state]
                and self.fits_key(self.key(slot, gap), reviewer))


_ORDER = ("convention", "trafficking", "smuggling", "firearms")


def ordered_instruments(instruments: Iterable[str]) -> tuple[str, ...]:
    """Instruments in the order of the treaty texts: the Convention, then the Protocols."""
    return tuple(sorted(instruments, key=lambda i: (_ORDER.index(i) if i in _ORDER else 9, i)))
