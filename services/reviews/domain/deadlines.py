"""When each stage of a review is due, and whose action a late stage waits for.

DOMAIN.md, "Country review stages": focal points within two weeks and the preliminary
consultation within six weeks of the start of the review (note, paras. 8 and 23); the
rest is policy the secretariat sets in configuration, with these defaults.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from services.reviews.domain import stages as s


@dataclass(frozen=True)
class DeadlinePolicy:
    #: from the start of the review (note, para. 8)
    nominations_days: int = 14
    #: from the start of the review (note, para. 23)
    consultation_weeks: int = 6
    #: from the start of the review (policy)
    self_assessment_months: int = 6
    #: from the day the questionnaire was received (policy)
    feedback_months: int = 6
    #: from the day the review entered the stage (policy)
    observations_months: int = 6
    #: from the day the review entered the stage (policy)
    summary_months: int = 3


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it has no such day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month,
                       day=min(day.day, calendar.monthrange(year, month)[1]))


def deadline_for(stage: str, policy: DeadlinePolicy, *, starts_on: dt.date,
                 entered_on: dt.date, questionnaire_received_on: dt.date | None
                 ) -> dt.date | None:
    """The day by which `stage` should be over; None for a stage without one."""
    if stage == s.WAITING_FOR_NOMINATIONS:
        return starts_on + dt.timedelta(days=policy.nominations_days)
    if stage == s.PRELIMINARY_CONSULTATION:
        return starts_on + dt.timedelta(weeks=policy.consultation_weeks)
    if stage == s.SELF_ASSESSMENT:
        return add_months(starts_on, policy.self_assessment_months)
    if stage == s.WRITTEN_FEEDBACK:
        return add_months(questionnaire_received_on or entered_on, policy.feedback_months)
    if stage == s.LIST_OF_OBSERVATIONS:
        return add_months(entered_on, policy.observations_months)
    if stage == s.SUMMARY:
        return add_months(entered_on, policy.summary_months)
    return None


def responsible(stage: str, state_under_review: str, reviewing_states: Iterable[str], *,
                focal_points: Iterable[str] = (), feedback_from: Iterable[str] = ()
                ) -> list[str]:
    """The States whose action a stage waits for (DOMAIN.md, "who acts")."""
    reviewing = list(reviewing_states)
    everyone = [state_under_review, *reviewing]
    if stage == s.WAITING_FOR_NOMINATIONS:
        named = set(focal_points)
        return [code for code in everyone if code not in named]
    if stage == s.PRELIMINARY_CONSULTATION:
        return everyone
    if stage == s.SELF_ASSESSMENT:
        return [state_under_review]
    if stage == s.WRITTEN_FEEDBACK:
        given = set(feedback_from)
        return [code for code in reviewing if code not in given]
    if stage in (s.LIST_OF_OBSERVATIONS, s.SUMMARY):
        return reviewing
    return []
