"""The States with and without a focal point, each counted once (note, paras. 9-10).

A State takes part in a group's reviews as State under review, as reviewing State, or
both; it lacks a focal point when one of its reviews of the group has none in office, and
counts once however many of its reviews lack one (issue 18: a State missing both as State
under review and as reviewing State was counted twice). It has nominated focal points when
it had named one for any of its reviews by the date; "already" for an earlier group when
it had named one for a review of a group with a smaller number.
"""

from __future__ import annotations

from services.reviews.domain.report.snapshot import ReviewAsOf, Snapshot


def nominating_groups(snapshot: Snapshot) -> dict[str, int]:
    """The first group for which each State had nominated a focal point by the date."""
    group_of = {r.id: r.group_number for r in snapshot.reviews}
    first: dict[str, int] = {}
    for review_id, states in snapshot.nominated.items():
        group = group_of.get(review_id)
        for code in states if group is not None else ():
            first[code] = min(first.get(code, group), group)
    return first


def focal_point_figures(snapshot: Snapshot, reviews: list[ReviewAsOf],
                        first_groups: dict[str, int], group_number: int | None) -> dict:
    """States taking part, without a focal point, with one nominated, and of those how
    many had nominated for an earlier group (None for the totals, which have none)."""
    states: set[str] = set()
    without: set[str] = set()
    nominated: set[str] = set()
    active, named, none = snapshot.focal_points, snapshot.nominated, frozenset()
    for r in reviews:  # one pass: the report of 20,000 reviews reads each once
        here = {r.state_under_review, *r.reviewing_states}
        states |= here
        without |= here - active.get(r.id, none)
        nominated |= here & named.get(r.id, none)
    earlier = None if group_number is None else sum(
        1 for code in nominated if first_groups.get(code, group_number) < group_number)
    return {"states": len(states), "states_without_focal_point": len(without),
            "states_with_focal_point": len(nominated),
            "states_nominated_for_earlier_group": earlier}
