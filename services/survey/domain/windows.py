"""When a survey takes answers, and from whom: the secretariat drafts it, opens it to the
States it chooses with a deadline, and closes it; a State answers while it is open, up to
and including its deadline, if it was invited."""

from __future__ import annotations

import datetime as dt

DRAFT, OPEN, CLOSED = "draft", "open", "closed"


def opening_problem(status: str, deadline: dt.date, today: dt.date,
                    states: list[str]) -> tuple[str, str] | None:
    if status != DRAFT:
        return "status", f"the survey is {status}: only a draft is opened"
    if deadline < today:
        return "deadline", f"the deadline {deadline.isoformat()} has passed"
    if not states:
        return "states", "open the survey to one State at least"
    return None


def answering_problem(status: str, deadline: dt.date | None, today: dt.date,
                      invited: bool) -> tuple[str, str] | None:
    """Why a State may not answer now (field, reason), or None."""
    if status != OPEN:
        return "survey_id", f"the survey is {status}: it takes no answers"
    if not invited:
        return "state_code", "this State was not invited to the survey"
    if deadline is not None and today > deadline:
        return "deadline", f"the survey took answers until {deadline.isoformat()}"
    return None
