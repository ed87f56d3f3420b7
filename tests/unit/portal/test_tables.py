"""The rows of the portal's tables: days in stage, overdue, scoping, regions, the reviews
held up by a missing focal point, and the reminders shown against each missing nomination."""

from __future__ import annotations

import datetime as dt

from services.portal.domain.claims import Viewer
from services.portal.domain.tables import (
    days_in_stage,
    days_overdue,
    in_region,
    paginate,
    reminders_for,
    review_line,
    served_page,
    takes_part,
    visible_reviews,
    waiting_reviews,
)

TODAY = dt.date(2021, 3, 1)
SECRETARIAT = Viewer("s", "secretariat", None, None)


def review(rid: int, under: str, *reviewing: str, stage: str = "self_assessment") -> dict:
    return {"id": rid, "group_number": 1, "state_under_review": under,
            "reviewing_states": list(reviewing), "stage": stage,
            "stage_entered_at": "2021-02-19T23:30:00+00:00"}


def test_days_in_stage_count_calendar_days_when_entered_late_in_the_day():
    assert days_in_stage("2021-02-19T23:30:00+00:00", TODAY) == 10
    assert days_in_stage(None, TODAY) is None


def test_overdue_is_counted_from_the_day_after_the_deadline_when_past_it():
    assert days_overdue(dt.date(2021, 3, 1), "summary", TODAY) == 0
    assert days_overdue(dt.date(2021, 2, 27), "summary", TODAY) == 2


def test_completed_review_is_never_overdue_when_its_last_deadline_passed():
    assert days_overdue(dt.date(2020, 1, 1), "completed", TODAY) == 0
    assert days_overdue(None, "summary", TODAY) == 0


def test_line_takes_its_deadline_from_the_list_when_built():
    line = review_line({**review(7, "AUT", "FRA", "KEN"), "deadline": "2021-02-01"}, TODAY)
    assert (line.id, line.deadline, line.overdue, line.days_in_stage) == (
        7, dt.date(2021, 2, 1), 28, 10)
    assert line.reviewing_states == ("FRA", "KEN")
    assert review_line({**review(7, "AUT"), "deadline": None}, TODAY).deadline is None


def test_focal_point_sees_only_reviews_its_state_takes_part_in_when_listed():
    reviews = [review(1, "AUT", "FRA"), review(2, "ITA", "AUT"), review(3, "ITA", "FRA")]
    viewer = Viewer("s", "focal_point", "AUT", None)
    assert [r["id"] for r in visible_reviews(reviews, viewer)] == [1, 2]
    assert [r["id"] for r in visible_reviews(reviews, SECRETARIAT)] == [1, 2, 3]
    assert takes_part(reviews[1], "AUT") and not takes_part(reviews[2], "AUT")


def test_region_filter_keeps_the_states_under_review_of_that_group_when_asked():
    reviews = [review(1, "AUT"), review(2, "KEN"), review(3, "XXX")]
    region_of = {"AUT": "western_european_others", "KEN": "african"}
    assert [r["id"] for r in in_region(reviews, region_of, "african")] == [2]
    assert len(in_region(reviews, region_of, None)) == 3


def test_page_past_the_end_shows_the_last_page_when_asked():
    page = paginate(list(range(60)), 9, 25)
    assert (page.number, page.pages, page.total, page.items) == (3, 3, 60, list(range(50, 60)))
    assert paginate([], 1, 25).pages == 1


def missing(state: str, rid: int, under: str, capacity: str, role: str = "focal_point") -> dict:
    return {"state_code": state, "review_id": rid, "state_under_review": under,
            "capacity": capacity, "role": role}


def test_waiting_review_names_whose_focal_point_is_missing_when_listed():
    rows = [missing("KEN", 2, "ITA", "reviewing"), missing("AUT", 1, "AUT", "under_review"),
            missing("FRA", 1, "AUT", "reviewing"), missing("AUT", 1, "AUT", "under_review",
                                                           role="expert"),
            missing("BEL", 9, "BEL", "under_review")]
    waiting = waiting_reviews(rows, {1, 2})
    assert [(w.review_id, w.own_missing, w.reviewing_missing) for w in waiting] == [
        (1, True, ("FRA",)), (2, False, ("KEN",))]


def message(mid: int, state: str, rid: int, sent: str, status: str = "sent",
            kind: str = "nomination_missing", role: str | None = None) -> dict:
    return {"id": mid, "state_code": state, "review_id": rid, "sent_at": sent,
            "status": status, "kind": kind, "role": role}


def test_reminders_are_the_sent_letters_about_that_nomination_oldest_first():
    messages = [message(3, "AUT", 1, "2021-02-01T00:00:00+00:00"),
                message(1, "AUT", 1, "2021-01-01T00:00:00+00:00"),
                message(4, "AUT", 1, "2021-03-01T00:00:00+00:00", status="failed"),
                message(5, "AUT", 2, "2021-01-01T00:00:00+00:00"),
                message(6, "AUT", 1, "2021-01-01T00:00:00+00:00", kind="stage_changed")]
    assert [m["id"] for m in reminders_for("AUT", 1, "focal_point", messages)] == [1, 3]


def test_reminder_about_the_experts_is_not_shown_against_the_focal_point_when_known():
    messages = [message(1, "AUT", 1, "2021-01-01", role="focal_point"),
                message(2, "AUT", 1, "2021-01-02", role="expert")]
    assert [m["id"] for m in reminders_for("AUT", 1, "focal_point", messages)] == [1]
    assert [m["id"] for m in reminders_for("AUT", 1, "expert", messages)] == [2]


def test_a_page_the_service_cut_counts_its_pages_from_the_whole_list_when_served():
    page = served_page(["a"] * 50, 2, 50, 101)
    assert (page.number, page.pages, page.total, len(page.items)) == (2, 3, 101, 50)
    assert served_page([], 1, 50, 0).pages == 1
