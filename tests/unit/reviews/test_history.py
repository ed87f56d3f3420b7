"""The rules a review's recorded past goes through (domain/history.py), without database."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from services.reviews.domain import stages as s
from services.reviews.domain.facts import ReviewFacts
from services.reviews.domain.history import (
    EXTEND,
    RecordedConsultation,
    RecordedDecision,
    RecordedStage,
    in_date_order,
    phase_end_decision,
    recorded_consultation,
    recorded_move,
)
from services.reviews.domain.rules import Refused

TODAY, START = dt.date(2022, 10, 1), dt.date(2020, 12, 1)
FACTS = ReviewFacts(stage=s.PRELIMINARY_CONSULTATION, state_under_review="FRA",
                    reviewing_states=("DEU", "KEN"),
                    focal_points=frozenset({"FRA", "DEU", "KEN"}))


def stage(to_stage: str, on: dt.date, reason: str | None = None) -> RecordedStage:
    return RecordedStage(2, 1, "FRA", to_stage, on, reason)


def consultation(languages=("en",), agreed=True, reason=None) -> RecordedConsultation:
    return RecordedConsultation(3, 1, "FRA", dt.date(2021, 1, 10), tuple(languages), agreed,
                                reason)


def refused_field(call, *args) -> str:
    with pytest.raises(Refused) as caught:
        call(*args)
    return caught.value.field


def test_a_consultation_comes_after_the_start_and_before_the_questionnaire_of_its_day():
    day = dt.date(2021, 1, 10)
    facts = [stage(s.SELF_ASSESSMENT, day), consultation(),
             stage(s.PRELIMINARY_CONSULTATION, day)]
    assert [type(f).__name__ for f in in_date_order(facts)] == [
        "RecordedStage", "RecordedConsultation", "RecordedStage"]
    assert in_date_order(facts)[0].to_stage == s.PRELIMINARY_CONSULTATION


def test_the_questionnaire_is_refused_until_a_consultation_agreed_the_languages():
    line = stage(s.SELF_ASSESSMENT, dt.date(2021, 1, 11))
    assert refused_field(recorded_move, FACTS, line, TODAY, START, START) == "to_stage"
    without = recorded_consultation(FACTS, consultation((), agreed=False), TODAY, START)
    assert refused_field(recorded_move, without, line, TODAY, START, START) == "to_stage"
    agreed = recorded_consultation(FACTS, consultation(("en", "fr")), TODAY, START)
    outcome = recorded_move(agreed, line, TODAY, START, START)
    assert (outcome.move.to_stage, outcome.facts.languages) == (
        s.SELF_ASSESSMENT, ("en", "fr"))


def test_a_stage_is_refused_naming_its_date_when_before_the_previous_or_after_today():
    late = stage(s.SELF_ASSESSMENT, dt.date(2020, 12, 5))
    assert refused_field(recorded_move, FACTS, late, TODAY, dt.date(2020, 12, 8), START) == "on"
    future = stage(s.SELF_ASSESSMENT, dt.date(2022, 10, 2))
    assert refused_field(recorded_move, FACTS, future, TODAY, None, START) == "on"


def test_a_stage_that_skips_one_is_refused_and_one_back_is_a_send_back_with_its_reason():
    at_feedback = replace(FACTS, stage=s.WRITTEN_FEEDBACK)
    skip = stage(s.SUMMARY, dt.date(2021, 6, 1))
    assert refused_field(recorded_move, at_feedback, skip, TODAY, None, START) == "to_stage"
    back = stage(s.SELF_ASSESSMENT, dt.date(2021, 6, 1))
    assert refused_field(recorded_move, at_feedback, back, TODAY, None, START) == "reason"
    outcome = recorded_move(at_feedback, replace(back, reason="answers incomplete"), TODAY,
                            None, START)
    assert (outcome.move.backward, outcome.facts.stage) == (True, s.SELF_ASSESSMENT)


def test_a_start_is_refused_before_the_group_starts_or_with_a_focal_point_missing():
    waiting = replace(FACTS, stage=s.WAITING_FOR_NOMINATIONS)
    early = stage(s.PRELIMINARY_CONSULTATION, dt.date(2020, 11, 30))
    assert refused_field(recorded_move, waiting, early, TODAY, None, START) == "on"
    missing = replace(waiting, focal_points=frozenset({"FRA"}))
    start = stage(s.PRELIMINARY_CONSULTATION, dt.date(2020, 12, 8))
    assert refused_field(recorded_move, missing, start, TODAY, None, START) == "to_stage"
    assert recorded_move(waiting, start, TODAY, None, START).facts.stage == (
        s.PRELIMINARY_CONSULTATION)


def test_a_consultation_is_refused_naming_its_column_when_it_breaks_a_rule():
    assert refused_field(recorded_consultation, FACTS, consultation(("en", "fr", "es")),
                         TODAY, START) == "exceptional_reason"
    assert refused_field(recorded_consultation, FACTS, consultation(("en",), agreed=False),
                         TODAY, START) == "languages"
    assert refused_field(recorded_consultation, replace(FACTS, stage=s.SELF_ASSESSMENT),
                         consultation(), TODAY, START) == "held_on"


def test_an_extension_is_refused_when_it_ends_the_phase_before_it_starts():
    decision = RecordedDecision(2, dt.date(2022, 6, 1), 1, 1, EXTEND, dt.date(2020, 6, 1),
                                "Conference decision 11/1")
    assert refused_field(phase_end_decision, decision, START, TODAY) == "ends_on"
    kept = phase_end_decision(replace(decision, ends_on=dt.date(2023, 6, 1)), START, TODAY)
    assert (kept.ends_on, kept.decided_on) == (dt.date(2023, 6, 1), dt.date(2022, 6, 1))
