"""The 70 per cent rule before a group's next phase is drawn, as of the draw's day."""

from __future__ import annotations

import datetime as dt

from services.lots.domain.gate import PhaseStanding, refusal

DAY = dt.date(2022, 9, 26)


def standing(*completed: str, override_on: str | None = None) -> PhaseStanding:
    return PhaseStanding(1, 1, 10, tuple(dt.date.fromisoformat(d) for d in completed),
                         dt.date.fromisoformat(override_on) if override_on else None)


def test_the_next_phase_is_refused_with_the_counts_when_under_seventy_per_cent():
    why = refusal(standing(*["2022-01-01"] * 6, "2022-09-27"), DAY)
    assert "6 of the 10 reviews" in why and "phase 2 of group 1" in why


def test_the_next_phase_may_be_drawn_at_exactly_seventy_per_cent():
    assert refusal(standing(*["2022-01-01"] * 7), DAY) is None


def test_a_decision_of_the_conference_counts_only_from_its_day():
    assert refusal(standing(override_on="2022-09-26"), DAY) is None
    assert refusal(standing(override_on="2022-09-27"), DAY) is not None


def test_a_phase_with_nothing_foreseen_never_meets_the_rule():
    assert refusal(PhaseStanding(1, 1, 0, ()), DAY) is not None
