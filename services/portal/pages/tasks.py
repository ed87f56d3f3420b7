"""What to do next: the signed-in person's open tasks across the reviews their State takes
part in (or, for the secretariat, the lists to adopt and the summaries to record), each with
its review and the deadline of the review's present stage. The home page shows them first.

The tasks come from the reviews' details and, where they depend on them, from the review's
feedback per question and latest list of observations (domain/duties.py says which).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from services.portal.adapters.peers import Peers, in_parallel
from services.portal.domain import duties
from services.portal.domain.claims import Viewer
from services.portal.domain.observation_form import latest_of

#: the stages at which the secretariat has something to record on the portal
SECRETARIAT_STAGES = ("list_of_observations", "summary")


def _candidates(viewer: Viewer, reviews: list[Mapping]) -> list[Mapping]:
    if viewer.may_act:
        return [r for r in reviews if r["stage"] in SECRETARIAT_STAGES]
    if duties.writes_for_state(viewer):
        return [r for r in reviews if r["stage"] != "completed"]
    return []


def open_tasks(p: Peers, viewer: Viewer, reviews: list[Mapping],
               today: dt.date) -> list[duties.Task]:
    """Every open task, the most overdue first, then by deadline."""
    details = in_parallel([lambda rid=r["id"]: p.get("reviews", f"/reviews/{rid}")
                           for r in _candidates(viewer, reviews)])

    def tasks(detail: Mapping) -> list[duties.Task]:
        rid = detail["id"]
        feedback = (p.get("reviews", f"/reviews/{rid}/questionnaire/feedback")
                    if duties.needs_feedback_read(viewer, detail) else None)
        latest = (latest_of(p.get("reviews", f"/reviews/{rid}/observation-lists"))
                  if duties.needs_list_read(viewer, detail) else None)
        return duties.tasks_of(viewer, detail, today, feedback, latest)

    found = [t for batch in in_parallel([lambda d=d: tasks(d) for d in details])
             for t in batch]
    return sorted(found, key=lambda t: (-t.overdue, t.deadline or dt.date.max, t.review_id))
