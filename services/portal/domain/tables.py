"""The rows of the portal's tables, from the services' JSON: pure functions of the figures
and the day, so that what the page says (days in stage, overdue, reminders) is tested apart
from the pages."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from services.portal.domain.claims import Viewer
from services.portal.domain.labels import parse_day, parse_instant

COMPLETED = "completed"


@dataclass(frozen=True)
class Page:
    items: list
    number: int
    pages: int
    total: int


def paginate(items: list, number: int, size: int) -> Page:
    """One page of `items`; a page number past the end shows the last page."""
    pages = max(1, math.ceil(len(items) / size))
    number = min(max(1, number), pages)
    start = (number - 1) * size
    return Page(items[start:start + size], number, pages, len(items))


def served_page(items: list, number: int, size: int, total: int) -> Page:
    """A page of a list the service cuts into pages itself: its items, and the count of
    the whole list as the service gives it."""
    return Page(items, number, max(1, math.ceil(total / size)), total)


def days_in_stage(entered_at: str | None, today: dt.date) -> int | None:
    entered = parse_instant(entered_at)
    return None if entered is None else max(0, (today - entered.date()).days)


def days_overdue(deadline: dt.date | None, stage: str, today: dt.date) -> int:
    """How many days past its deadline the present stage is; 0 when on time or done."""
    if deadline is None or stage == COMPLETED or deadline >= today:
        return 0
    return (today - deadline).days


@dataclass(frozen=True)
class ReviewLine:
    id: int
    group_number: int
    state_under_review: str
    reviewing_states: tuple[str, ...]
    stage: str
    days_in_stage: int | None
    deadline: dt.date | None
    overdue: int


def review_line(review: Mapping, today: dt.date) -> ReviewLine:
    """A row of the reviews table; the deadline is the reviews service's, which it computes
    from its own deadline policy and gives in the list."""
    deadline = parse_day(review.get("deadline"))
    return ReviewLine(
        id=review["id"], group_number=review["group_number"],
        state_under_review=review["state_under_review"],
        reviewing_states=tuple(review.get("reviewing_states", ())),
        stage=review["stage"],
        days_in_stage=days_in_stage(review.get("stage_entered_at"), today),
        deadline=deadline, overdue=days_overdue(deadline, review["stage"], today))


def takes_part(review: Mapping, state: str | None) -> bool:
    return state == review["state_under_review"] or state in review.get("reviewing_states", ())


def visible_reviews(reviews: Iterable[Mapping], viewer: Viewer) -> list[Mapping]:
    """What the viewer may see: everything, or only the reviews its State takes part in."""
    return [r for r in reviews if not viewer.scoped or takes_part(r, viewer.state)]


def in_region(reviews: Iterable[Mapping], region_of: Mapping[str, str | None],
              region: str | None) -> list[Mapping]:
    """The reviews whose State under review belongs to `region` (all when none is asked)."""
    if not region:
        return list(reviews)
    return [r for r in reviews if region_of.get(r["state_under_review"]) == region]


@dataclass(frozen=True)
class WaitingReview:
    review_id: int
    state_under_review: str
    #: the State under review's own focal point is missing (it holds the review up first)
    own_missing: bool
    #: the reviewing States whose focal points are missing
    reviewing_missing: tuple[str, ...]


def waiting_reviews(missing: Iterable[Mapping], review_ids: set[int]) -> list[WaitingReview]:
    """The reviews (among `review_ids`) held up by a missing focal point, and whose: the
    State under review's own, or reviewing States' (note, para. 21)."""
    under: dict[int, str] = {}
    own: set[int] = set()
    reviewing: dict[int, list[str]] = {}
    for m in missing:
        rid = m["review_id"]
        if m.get("role") != "focal_point" or rid not in review_ids:
            continue
        under[rid] = m["state_under_review"]
        if m.get("capacity") == "under_review":
            own.add(rid)
        else:
            reviewing.setdefault(rid, []).append(m["state_code"])
    return [WaitingReview(rid, under[rid], rid in own, tuple(sorted(reviewing.get(rid, ()))))
            for rid in sorted(under, key=lambda rid: (under[rid], rid))]


def reminders_for(state_code: str, review_id: int, role: str, messages: Iterable[Mapping]
                  ) -> list[Mapping]:
    """The reminders already sent about one missing nomination, oldest first.

    A reminder is a `nomination_missing` message to the State about the review. Where the
    message says which nomination it was about (its `role`), a reminder about the State's
    experts is not shown against its focal point.
    """
    found = [m for m in messages
             if m.get("kind") == "nomination_missing" and m.get("status") == "sent"
             and m.get("state_code") == state_code and m.get("review_id") == review_id
             and m.get("role") in (None, role)]
    return sorted(found, key=lambda m: (m.get("sent_at") or "", m["id"]))
