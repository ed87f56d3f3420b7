"""Turning a draw of lots into country reviews.

A draw (the `LotsDrawn` payload) pairs each State under review with its reviewing States;
each pair becomes one review at the first stage. A draw may arrive more than once (a
redelivery, or a copy republished under a new event id), so the States already scheduled
for the draw are skipped rather than scheduled twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from services.reviews.domain.stages import FIRST_STAGE

#: who the stage history names when no person made the change
SYSTEM = "system"


@dataclass(frozen=True)
class ReviewPlan:
    """One country review to create, as the draw decided it."""

    draw_id: int
    group_number: int
    phase: int
    cluster: int
    state_under_review: str
    reviewing_states: tuple[str, ...]
    starts_on: dt.date
    stage: str = FIRST_STAGE
    #: the day of the draw, when the draw says (the nominations service dates no
    #: nomination for the review before it)
    drawn_on: dt.date | None = None

    def scheduled_payload(self, review_id: int) -> dict:
        """The `ReviewScheduled` payload once the review has its id."""
        return {
            "review_id": review_id,
            "draw_id": self.draw_id,
            "group_number": self.group_number,
            "state_under_review": self.state_under_review,
            "reviewing_states": list(self.reviewing_states),
            "starts_on": self.starts_on,
            "phase": self.phase,
            "cluster": self.cluster,
            "stage": self.stage,
            "drawn_on": self.drawn_on,
        }


def scheduled_reason(draw_id: int) -> str:
    """The reason the first stage-history row gives: which draw created the review."""
    return f"lots drawn (draw {draw_id})"


def replaced_reason(repeated: dict) -> str:
    """The history's reason for a reviewing State replaced by a repeated draw (the
    `DrawRepeated` payload): who left, who came, at whose request, and why."""
    text = (f"drawing of lots repeated (repetition {repeated['repetition']}) at the request "
            f"of {repeated['requested_by']}: {repeated['replaced']} replaced by "
            f"{repeated['replacement']}")
    if repeated.get("exceptional"):
        text += ", in exceptional circumstances"
    if repeated.get("reason"):
        text += f"; {repeated['reason']}"
    return text[:500]


def reviewers_before(reviewing_states: tuple[str, ...],
                     later: list[tuple[str, str]]) -> tuple[str, ...]:
    """A review's reviewing States before the repetitions in `later` (each `(replaced,
    replacement)`, newest first) were granted: each undone in turn, so that a report as of
    a day before a repetition names the reviewers of that day."""
    reviewers = list(reviewing_states)
    for replaced, replacement in later:
        reviewers = [replaced if code == replacement else code for code in reviewers]
    return tuple(reviewers)


def plan_reviews(drawn: dict, already_scheduled: Iterable[str] = ()) -> list[ReviewPlan]:
    """The reviews a `LotsDrawn` payload asks for, minus States already scheduled for it.

    A State listed twice in one payload is scheduled once (the first entry wins); a
    reviewing State listed twice for one review counts once.
    """
    seen = set(already_scheduled)
    plans: list[ReviewPlan] = []
    for entry in drawn["reviews"]:
        state = entry["state_under_review"]
        if state in seen:
            continue
        seen.add(state)
        plans.append(ReviewPlan(
            draw_id=drawn["draw_id"],
            group_number=drawn["group_number"],
            phase=drawn["phase"],
            cluster=drawn["cluster"],
            state_under_review=state,
            reviewing_states=tuple(dict.fromkeys(entry["reviewing_states"])),
            starts_on=drawn["starts_on"],
            drawn_on=drawn.get("drawn_on"),
        ))
    return plans
