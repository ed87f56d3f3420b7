"""When a group's next phase may be drawn: once 70 per cent of the reviews foreseen at the
beginning of its phase are completed, or the Conference decided otherwise (the note,
para. 17; DOMAIN.md, "Groups, phases, clusters"). The reviews service owns completion and
the decisions; lots keeps the copies its events carry, and reads them as of the draw's date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

#: the rule's threshold, in per cent (policy; LOTS_PHASE_THRESHOLD)
DEFAULT_THRESHOLD = 70


@dataclass(frozen=True)
class PhaseStanding:
    """A group's phase as of a day: what the 70 per cent rule counts, and any decision."""

    group_number: int
    phase: int
    foreseen: int
    completed_on: tuple[dt.date, ...]
    override_on: dt.date | None = None
    override_reason: str | None = None


def refusal(standing: PhaseStanding, on: dt.date, threshold: int = DEFAULT_THRESHOLD
            ) -> str | None:
    """Why phase `standing.phase + 1` of the group cannot be drawn on `on`; None if it can."""
    if standing.override_on is not None and standing.override_on <= on:
        return None
    done = completed_by(standing.completed_on, on)
    # exact integer comparison: no rounding decides whether a group advances
    if standing.foreseen > 0 and 100 * done >= threshold * standing.foreseen:
        return None
    return (f"phase {standing.phase + 1} of group {standing.group_number} cannot be drawn on "
            f"{on.isoformat()}: {done} of the {standing.foreseen} reviews foreseen at the "
            f"beginning of phase {standing.phase} were completed by then, under "
            f"{threshold} per cent, and no decision of the Conference otherwise is recorded")


def completed_by(days: Iterable[dt.date], on: dt.date) -> int:
    return sum(1 for day in days if day <= on)
