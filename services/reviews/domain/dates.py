"""The date each fact of a review happened on, and the rules it must keep (issue 18, item 1).

The secretariat records facts late and from paper (DOMAIN.md, "Principles"): a command says
the day its fact happened (`on`, today by default), and the time it was recorded is kept
beside it. A date is refused, naming its field, when it lies after today or before the
fact it follows: a stage change before the review's previous one, a consultation before
the review started. The commands and the history import check with the same functions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from services.reviews.domain.rules import Refused

ON = "on"


def fact_date(on: dt.date | None, today: dt.date, *, field: str = ON) -> dt.date:
    """The day a fact happened: `on`, or today when the command does not say; never a day
    to come, since a report as of a past day must not change afterwards."""
    day = today if on is None else on
    if day > today:
        raise Refused(f"{field} {day.isoformat()} is after today ({today.isoformat()}): a "
                      "fact is recorded once it has happened", field=field)
    return day


def not_before(day: dt.date, earlier: dt.date | None, what: str, *,
               field: str = ON) -> dt.date:
    """`day` unless it lies before `earlier`, the date of the fact it follows (`what`)."""
    if earlier is not None and day < earlier:
        raise Refused(f"{field} {day.isoformat()} is before {what} "
                      f"({earlier.isoformat()})", field=field)
    return day


def dated_after(on: dt.date | None, today: dt.date,
                *earlier: tuple[dt.date | None, str], field: str = ON) -> dt.date:
    """The day of a fact that follows others (an answer its previous version, a reply the
    feedback it answers): not to come, and not before any of `earlier`, the (day, what)
    of each fact it follows (a None day is not known and binds nothing)."""
    day = fact_date(on, today, field=field)
    for before, what in earlier:
        not_before(day, before, what, field=field)
    return day


def stage_change_date(on: dt.date | None, today: dt.date, previous: dt.date | None, *,
                      field: str = ON) -> dt.date:
    """The date of a stage change (a move on, a send-back, a start): not to come, and not
    before the review's previous stage change, so that the history reads in date order."""
    return not_before(fact_date(on, today, field=field), previous,
                      "the review's previous stage change", field=field)


def not_before_group_start(day: dt.date, starts_on: dt.date, *, field: str = ON) -> dt.date:
    """A review never starts before its group's start date (DOMAIN.md, "Groups")."""
    if day < starts_on:
        raise Refused(f"the review's group starts on {starts_on.isoformat()}; it cannot "
                      f"start on {day.isoformat()}", field=field)
    return day


def automatic_start_date(starts_on: dt.date, previous: dt.date | None,
                         focal_points_on: Iterable[dt.date]) -> dt.date:
    """The day a review started by itself: the latest of its group's start, its previous
    stage change and the nomination of its last focal point. The sweep that finds it
    ready on a later day dates the start on this day, not on the day it ran."""
    return max([starts_on, *([previous] if previous else []), *focal_points_on])
