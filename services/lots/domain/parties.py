"""States parties as the draw sees them, and as they stood on any day.

A State is reviewed only on the instruments it was party to when its review started, and
only States that take part in the country reviews are drawn (../shared/DOMAIN.md, "Parties
and instruments"). A party whose date for an instrument is unknown (a list typed before
the dates were checked) counts as party to it on every day: the list says it is party,
and no date says since when.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

INSTRUMENTS = ("convention", "trafficking", "smuggling", "firearms")


@dataclass(frozen=True)
class StateParty:
    code: str
    name: str
    regional_group: str | None
    legal_system: str | None
    instruments: tuple[str, ...]
    #: the day it became party to each instrument it is party to, where known
    convention_on: dt.date | None = None
    trafficking_on: dt.date | None = None
    smuggling_on: dt.date | None = None
    firearms_on: dt.date | None = None
    takes_part: bool = True
    kept_out_reason: str | None = None

    def joined_on(self, instrument: str) -> dt.date | None:
        return getattr(self, f"{instrument}_on")

    def party_to_on(self, instrument: str, day: dt.date) -> bool:
        joined = self.joined_on(instrument)
        return instrument in self.instruments and (joined is None or joined <= day)

    def as_of(self, day: dt.date) -> StateParty | None:
        """The party as it stood on `day`: None before it became party to the Convention,
        else with only the instruments it had joined by then."""
        if not self.party_to_on("convention", day):
            return None
        return replace(self, instruments=tuple(
            i for i in INSTRUMENTS if self.party_to_on(i, day)))


def parties_on(parties: Iterable[StateParty], day: dt.date) -> dict[str, StateParty]:
    """Every party as it stood on `day` (those not yet party left out), by code."""
    return {p.code: then for p in parties if (then := p.as_of(day)) is not None}


def drawable_on(parties: Iterable[StateParty], day: dt.date) -> dict[str, StateParty]:
    """The parties a draw about `day` may place: party by then, and taking part in the
    country reviews."""
    return {code: p for code, p in parties_on(parties, day).items() if p.takes_part}


def why_not_drawable(party: StateParty | None, code: str, day: dt.date) -> str | None:
    """Why `code` cannot be placed by a draw about `day`, or None if it can."""
    if party is None:
        return f"{code} is not a registered State party"
    if not party.takes_part:
        return f"{code} is kept out of the country reviews ({party.kept_out_reason})"
    if party.as_of(day) is None:
        joined = party.joined_on("convention")
        return f"{code} was not yet party to the Convention on {day} (party since {joined})"
    return None
