"""The lots' events: one letter to each State drawn, and the consequences of a repeated draw
for the review's copy, its open items and the three States concerned."""

from __future__ import annotations

import datetime as dt
import logging

from services.notifications.adapters.unit_of_work import NotificationsUnitOfWork
from services.notifications.handlers.review_events import draft_for, open_participation, skip_reason
from shared.context import ServiceContext
from shared.events import Envelope

log = logging.getLogger(__name__)


def announce_draw(ctx: ServiceContext, uow: NotificationsUnitOfWork, event: Envelope) -> None:
    """One letter per State drawn: whom it reviews, who reviews it, when its focal point is
    due (the results are circulated to the States parties, note, para. 7)."""
    p = event.payload
    reviewed_by: dict[str, list[str]] = {}
    reviewer_of: dict[str, list[str]] = {}
    for r in p["reviews"]:
        reviewers = list(dict.fromkeys([*r["reviewing_states"], *r["additional_reviewers"]]))
        reviewed_by.setdefault(r["state_under_review"], []).extend(reviewers)
        for state in reviewers:
            reviewer_of.setdefault(state, []).append(r["state_under_review"])
    due = p["starts_on"] + dt.timedelta(days=ctx.settings.focal_point_due_days)
    skip = skip_reason(ctx, event, p["starts_on"])
    states = sorted(set(reviewed_by) | set(reviewer_of))
    log.info("%s %s: a letter to each of %d States%s", event.type, event.id, len(states),
             f" ({skip})" if skip else "")
    # written together: a draw of the whole Convention is a letter to each of 191 States
    uow.compose_all(ctx, [draft_for(event, "lots_drawn", state, None, {
        "state_code": state, "group_number": p["group_number"], "phase": p["phase"],
        "cluster": p["cluster"], "starts_on": p["starts_on"], "focal_point_due_on": due,
        "reviewed_by": reviewed_by.get(state, []), "reviewer_of": reviewer_of.get(state, []),
        "as_of": event.occurred_at.date()}, skip_reason=skip) for state in states])


def announce_repeated_draw(ctx: ServiceContext, uow: NotificationsUnitOfWork,
                           event: Envelope) -> None:
    """A reviewer replaced by a new draw: the replaced State owes nothing more in the review,
    the replacement owes its nominations from today; all three are told."""
    p, now, today = event.payload, ctx.clock.now(), event.occurred_at.date()
    review = uow.review_of_draw(p["draw_id"], p["state_under_review"])
    since = max(today, review.starts_on or today) if review else today
    if review is not None:
        review.reviewing_states, review.updated_at = list(p["reviewing_states"]), now
        uow.close(uow.open_items_of(review.review_id, state_code=p["replaced"]),
                  event, now, f"replaced by {p['replacement']}")
        open_participation(ctx, uow, event, review, p["replacement"], since)
    context = {k: p[k] for k in ("state_under_review", "replaced", "replacement",
                                 "reviewing_states", "repetition", "exceptional",
                                 "group_number")}
    context.update(as_of=today, focal_point_due_on=since + dt.timedelta(
        days=ctx.settings.focal_point_due_days))
    uow.compose_all(ctx, [draft_for(
        event, "draw_repeated", state, review.review_id if review else None,
        {**context, "state_code": state, "position": position},
        skip_reason=skip_reason(ctx, event, today))
        for state, position in ((p["replacement"], "replacement"), (p["replaced"], "replaced"),
                                (p["state_under_review"], "under_review"))])
