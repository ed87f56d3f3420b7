"""What each reminder letter says, from an open item and the slot being reminded: pure
functions over the item's plain fields (a State, a review, a topic, a deadline)."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from services.notifications.domain.schedule import Slot

STAGE_PREFIX = "stage:"

#: whose work each stage's deadline waits for (DOMAIN.md, "Country review stages"; policy):
#: the nomination stage is chased through each State's own nomination items instead
RESPONSIBLE = {
    "preliminary_consultation": ("under_review", "reviewing"),
    "self_assessment": ("under_review",),
    "written_feedback": ("reviewing",),
    "list_of_observations": ("reviewing",),
    "summary": ("reviewing",),
}


class Item(Protocol):
    state_code: str
    review_id: int
    topic: str
    capacity: str
    state_under_review: str
    deadline: dt.date


def stage_of(topic: str) -> str | None:
    return topic[len(STAGE_PREFIX):] if topic.startswith(STAGE_PREFIX) else None


def responsible_for(stage: str, state_under_review: str, reviewing: list[str]) -> list[str]:
    who = RESPONSIBLE.get(stage, ())
    states = [state_under_review] if "under_review" in who else []
    return states + (list(reviewing) if "reviewing" in who else [])


def reminder_letter(item: Item, slot: Slot, as_of: dt.date) -> tuple[str, dict]:
    """The kind and context of the letter that reminds `item` at `slot`, written on `as_of`."""
    days = (as_of - item.deadline).days
    common = {"state_code": item.state_code, "review_id": item.review_id,
              "state_under_review": item.state_under_review, "capacity": item.capacity,
              "as_of": as_of}
    stage = stage_of(item.topic)
    if stage is not None:
        return "stage_deadline", {**common, "stage": stage, "deadline": item.deadline,
                                  "days": days, "reminder": slot.after}
    if slot.after == 0:
        return "nomination_due", {**common, "role": item.topic, "due_on": item.deadline,
                                  "days_left": max(0, -days)}
    return "nomination_missing", {**common, "role": item.topic, "due_on": item.deadline,
                                  "days_overdue": days, "reminder": slot.after}


def digest_entry(item: Item, slot: Slot, as_of: dt.date) -> dict:
    """One line of a digest: what is due, in which review, and how it stands."""
    stage = stage_of(item.topic)
    return {"topic": "stage" if stage else item.topic, "stage": stage,
            "review_id": item.review_id, "state_under_review": item.state_under_review,
            "capacity": item.capacity, "deadline": item.deadline,
            "days": (as_of - item.deadline).days, "reminder": slot.after}
