"""Turning a draw of lots into country reviews, without database or broker."""

from __future__ import annotations

import datetime as dt

from services.reviews.domain.scheduling import plan_reviews, reviewers_before, scheduled_reason
from services.reviews.domain.stages import FIRST_STAGE, STAGES, WAITING_FOR_NOMINATIONS
from shared.events import new_event

NOW = dt.datetime(2020, 11, 20, 9, 0, tzinfo=dt.UTC)


def drawn(*reviews: tuple[str, list[str]], draw_id: int = 7) -> dict:
    return {
        "draw_id": draw_id, "group_id": 3, "group_number": 1,
        "starts_on": dt.date(2020, 12, 1), "phase": 1, "cluster": 1,
        "reviews": [{"state_under_review": s, "reviewing_states": r} for s, r in reviews],
    }


def test_one_review_per_state_at_the_first_stage_when_lots_are_drawn():
    plans = plan_reviews(drawn(("FRA", ["DEU", "KEN"]), ("KEN", ["NGA", "FRA"])))
    assert [p.state_under_review for p in plans] == ["FRA", "KEN"]
    first = plans[0]
    assert first.reviewing_states == ("DEU", "KEN")
    assert (first.draw_id, first.group_number, first.phase, first.cluster) == (7, 1, 1, 1)
    assert first.starts_on == dt.date(2020, 12, 1)
    assert {p.stage for p in plans} == {WAITING_FOR_NOMINATIONS}


def test_states_already_scheduled_for_the_draw_are_skipped_when_it_arrives_again():
    payload = drawn(("FRA", ["DEU", "KEN"]), ("KEN", ["NGA", "FRA"]))
    assert [p.state_under_review for p in plan_reviews(payload, {"FRA"})] == ["KEN"]
    assert plan_reviews(payload, {"FRA", "KEN"}) == []


def test_state_listed_twice_is_scheduled_once_when_the_payload_repeats_it():
    plans = plan_reviews(drawn(("FRA", ["DEU", "DEU", "KEN"]), ("FRA", ["ITA", "NGA"])))
    assert len(plans) == 1
    assert plans[0].reviewing_states == ("DEU", "KEN")


def test_scheduled_payload_satisfies_the_review_scheduled_contract():
    plan = plan_reviews(drawn(("FRA", ["DEU", "KEN"])))[0]
    event = new_event("ReviewScheduled", plan.scheduled_payload(42), NOW)
    assert event.payload == {
        "review_id": 42, "draw_id": 7, "group_number": 1, "state_under_review": "FRA",
        "reviewing_states": ["DEU", "KEN"], "starts_on": "2020-12-01", "phase": 1,
        "cluster": 1, "stage": "waiting_for_nominations", "drawn_on": None,
    }


def test_the_draw_day_is_passed_on_when_the_draw_says_it():
    """The nominations service dates no nomination for the review before the draw."""
    plan = plan_reviews({**drawn(("FRA", ["DEU", "KEN"])), "drawn_on": dt.date(2020, 10, 16)})[0]
    assert plan.scheduled_payload(42)["drawn_on"] == dt.date(2020, 10, 16)


def test_history_reason_names_the_draw():
    assert scheduled_reason(12) == "lots drawn (draw 12)"


def test_stages_run_from_waiting_for_nominations_to_completed():
    assert STAGES[0] == FIRST_STAGE == "waiting_for_nominations"
    assert STAGES == ("waiting_for_nominations", "preliminary_consultation",
                      "self_assessment", "written_feedback", "list_of_observations",
                      "summary", "completed")


def test_the_reviewers_of_a_day_before_repetitions_are_todays_with_those_undone():
    # KEN replaced SEN, then ITA replaced KEN: newest first
    later = [("KEN", "ITA"), ("SEN", "KEN")]
    assert reviewers_before(("DEU", "ITA"), later) == ("DEU", "SEN")
    assert reviewers_before(("DEU", "ITA"), later[:1]) == ("DEU", "KEN")
    assert reviewers_before(("DEU", "ITA"), []) == ("DEU", "ITA")
