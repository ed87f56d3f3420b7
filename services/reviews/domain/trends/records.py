"""What the general report of trends reads: the list of observations in force of each
review as of a day, with no more about its State than its regional group."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Observed:
    instrument: str
    article: str
    kind: str
    category: str | None
    text: str


@dataclass(frozen=True)
class AdoptedList:
    review_id: int
    #: the regional group of the State under review (None: in none, or not yet known)
    regional_group: str | None
    #: whether the State under review agreed that its good practices be published
    good_practices_public: bool
    items: tuple[Observed, ...]
