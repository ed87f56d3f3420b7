"""The 70 per cent rule: a group advances to the next phase only when 70 per cent of the
reviews foreseen at the beginning of the phase are completed, unless the Conference
decides otherwise (note, para. 17; DOMAIN.md, "Groups, phases, clusters").
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from services.reviews.domain.deadlines import add_months

#: the rule's threshold, in per cent (policy: the Conference may set another)
DEFAULT_THRESHOLD = 70


@dataclass(frozen=True)
class Override:
    """The Conference decided otherwise: who recorded it, why, and when it was decided."""

    decided_by: str
    reason: str
    decided_on: dt.date


@dataclass(frozen=True)
class Completion:
    foreseen: int
    completed: int
    threshold: int
    override: Override | None

    @property
    def percentage(self) -> float:
        """Completed over foreseen, rounded down to a tenth so that 69.96 never shows as
        70 while the rule is not met."""
        if self.foreseen == 0:
            return 0.0
        return math.floor(1000 * self.completed / self.foreseen) / 10

    @property
    def rule_met(self) -> bool:
        # exact integer comparison: no rounding decides whether a group advances
        return self.foreseen > 0 and 100 * self.completed >= self.threshold * self.foreseen

    @property
    def may_advance(self) -> bool:
        return self.rule_met or self.override is not None


def completion(foreseen: int, completed: int, threshold: int = DEFAULT_THRESHOLD,
               override: Override | None = None, as_of: dt.date | None = None) -> Completion:
    """The phase's completion as of a date: an override decided after it does not count."""
    if override is not None and as_of is not None and override.decided_on > as_of:
        override = None
    return Completion(foreseen, completed, threshold, override)


#: each review phase lasts two years for each group (note, para. 16)
PHASE_MONTHS = 24


@dataclass(frozen=True)
class EndDecision:
    """The Conference set another end date for a group's phase (note, para. 18: it "may
    decide to make amendments to the multi-year workplan")."""

    ends_on: dt.date
    reason: str
    decided_on: dt.date


def phase_end(starts_on: dt.date, decision: EndDecision | None = None,
              as_of: dt.date | None = None) -> dt.date:
    """The day the phase ends as known on `as_of`: two years from its start (1 December
    2020 gives 1 December 2022, "concluded in December 2022"), unless the Conference had
    decided otherwise by then."""
    if decision is not None and (as_of is None or decision.decided_on <= as_of):
        return decision.ends_on
    return add_months(starts_on, PHASE_MONTHS)
