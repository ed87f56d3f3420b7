"""The nomination figures of the secretariat's status note, as of any date.

Counting follows the note (para. 9-11): persons, not nominations, so a focal point serving
in several reviews counts once, and one serving in several groups counts once in the totals
and once in each group; the share of women is taken over the focal points and governmental
experts counted as persons (para. 11); a review "missing its focal point" is told apart by
whose focal point is missing: the State under review's first, else a reviewing State's
(para. 21), so the two counts add up to the reviews waiting. A review that has started is
not waiting, even if it lost a focal point since: the reviews service counts it so too.

As of a date means: nominations made on or before it and not withdrawn by then, in
participations that had begun by then and not yet ended.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from services.nominations.domain.commands import (
    EXPERT,
    FEMALE,
    FOCAL_POINT,
    OBSERVER,
    REVIEWING,
    UNDER_REVIEW,
)
from services.nominations.domain.participation import Participation


@dataclass(frozen=True)
class Held:
    """One nomination as the figures see it: who, for which State and review, from when."""

    person_id: int
    state_code: str
    review_id: int
    role: str
    gender: str
    nominated_on: dt.date
    withdrawn_on: dt.date | None = None

    def held_on(self, day: dt.date) -> bool:
        return self.nominated_on <= day and (self.withdrawn_on is None or self.withdrawn_on > day)


def nomination_figures(
    participations: Iterable[Participation], nominations: Iterable[Held], as_of: dt.date,
    started: set[int] = frozenset(),
) -> dict:
    """`started`: the reviews that had started by `as_of` (domain/review_stages.py)."""
    participations = list(participations)
    group_of = {p.review_id: p.group_number for p in participations}
    held = [n for n in nominations if n.held_on(as_of) and n.review_id in group_of]
    groups = []
    for number in sorted(set(group_of.values())):
        mine = [n for n in held if group_of[n.review_id] == number]
        taking_part = [p for p in participations
                       if p.group_number == number and p.taking_part_on(as_of)]
        groups.append({"group_number": number, **_persons(mine),
                       **_focal_point_coverage(mine, taking_part, started)})
    totals = {**_persons(held), "states_in_several_groups": _states_in_several_groups(
        held, group_of)}
    return {"as_of": as_of, "groups": groups, "totals": totals}


def _persons(held: list[Held]) -> dict:
    def persons(role: str) -> set[int]:
        return {n.person_id for n in held if n.role == role}

    focal_points, experts, observers = persons(FOCAL_POINT), persons(EXPERT), persons(OBSERVER)
    gender = {n.person_id: n.gender for n in held}
    counted = focal_points | experts
    women = sum(1 for person in counted if gender[person] == FEMALE)
    return {
        "focal_points": len(focal_points),
        "experts": len(experts),
        "observers": len(observers),
        "states_with_observers": len({n.state_code for n in held if n.role == OBSERVER}),
        "women_share": round(women / len(counted), 4) if counted else None,
    }


def _focal_point_coverage(held: list[Held], taking_part: list[Participation],
                          started: set[int]) -> dict:
    with_focal_point = {(n.state_code, n.review_id) for n in held if n.role == FOCAL_POINT}
    lacking = [p for p in taking_part if (p.state_code, p.review_id) not in with_focal_point]

    def states(capacity: str) -> int:
        return len({p.state_code for p in lacking if p.capacity == capacity})

    under_review = {p.review_id for p in lacking if p.capacity == UNDER_REVIEW} - started
    reviewing = {p.review_id for p in lacking if p.capacity == REVIEWING} - under_review \
        - started
    return {
        "states_with_focal_point": len({state for state, _ in with_focal_point}),
        "states_missing_focal_point": {UNDER_REVIEW: states(UNDER_REVIEW),
                                       REVIEWING: states(REVIEWING)},
        "reviews_missing_focal_point": {UNDER_REVIEW: len(under_review),
                                        REVIEWING: len(reviewing)},
    }


def _states_in_several_groups(held: list[Held], group_of: dict[int, int]) -> int:
    """States whose focal points serve in more than one group (note, para. 10: "67 of
    which already had been nominated as part of the review process of group one")."""
    groups_of_state: dict[str, set[int]] = defaultdict(set)
    for n in held:
        if n.role == FOCAL_POINT:
            groups_of_state[n.state_code].add(group_of[n.review_id])
    return sum(1 for groups in groups_of_state.values() if len(groups) > 1)
