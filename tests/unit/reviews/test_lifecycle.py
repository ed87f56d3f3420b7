"""Every guard of the review's lifecycle, without database or broker."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from services.reviews.domain import lifecycle as life
from services.reviews.domain import stages as s
from services.reviews.domain.facts import ReviewFacts
from services.reviews.domain.rules import OFFICIAL_LANGUAGES, Refused

QUESTIONS = frozenset({"q1", "q2"})


def facts(stage=s.WAITING_FOR_NOMINATIONS, **kw) -> ReviewFacts:
    base = ReviewFacts(stage=stage, state_under_review="FRA", reviewing_states=("DEU", "KEN"),
                       questions=QUESTIONS)
    return replace(base, **kw)


def refused(call, *args, field: str, conflict: bool):
    with pytest.raises(Refused) as caught:
        call(*args)
    assert (caught.value.field, caught.value.conflict) == (field, conflict), caught.value.detail
    return caught.value


def test_start_is_refused_naming_focal_points_when_a_reviewing_state_has_none():
    error = refused(life.start, facts(focal_points=frozenset({"FRA", "DEU"})),
                    field="focal_points", conflict=True)
    assert "KEN" in error.detail


def test_start_opens_the_preliminary_consultation_when_all_three_focal_points_are_known():
    outcome = life.start(facts(focal_points=frozenset({"FRA", "DEU", "KEN"})))
    assert outcome.facts.stage == s.PRELIMINARY_CONSULTATION
    assert (outcome.move.from_stage, outcome.move.to_stage) == (
        s.WAITING_FOR_NOMINATIONS, s.PRELIMINARY_CONSULTATION)


def test_start_if_ready_does_nothing_when_a_focal_point_is_missing_or_already_started():
    assert life.start_if_ready(facts(focal_points=frozenset({"DEU", "KEN"}))).move is None
    started = facts(s.SELF_ASSESSMENT, focal_points=frozenset({"FRA", "DEU", "KEN"}))
    assert life.start_if_ready(started).move is None


def test_withdrawn_focal_point_keeps_a_started_review_where_it_is():
    started = facts(s.PRELIMINARY_CONSULTATION, focal_points=frozenset({"FRA", "DEU", "KEN"}))
    after = life.set_focal_point(started, "KEN", active=False)
    assert after.stage == s.PRELIMINARY_CONSULTATION
    assert after.missing_focal_points == ("KEN",)


@pytest.mark.parametrize("stage", [s.WAITING_FOR_NOMINATIONS, s.SELF_ASSESSMENT, s.COMPLETED])
def test_consultation_is_refused_naming_stage_when_not_at_the_preliminary_consultation(stage):
    refused(life.hold_consultation, facts(stage), ["en"], None, "held",
            field="stage", conflict=True)


def test_consultation_is_refused_naming_exceptional_reason_when_three_languages_unexplained():
    refused(life.hold_consultation, facts(s.PRELIMINARY_CONSULTATION), ["en", "fr", "es"],
            None, "held", field="exceptional_reason", conflict=False)


def test_consultation_agrees_languages_and_moves_to_the_questionnaire():
    outcome = life.hold_consultation(facts(s.PRELIMINARY_CONSULTATION), ["en", "ar"], None,
                                     "held on 2021-01-10")
    assert outcome.facts.languages == ("en", "ar")
    assert outcome.facts.stage == s.SELF_ASSESSMENT
    assert outcome.move.reason == "held on 2021-01-10"


def test_answer_is_refused_naming_actor_state_when_a_reviewing_state_answers():
    refused(life.answer, facts(s.SELF_ASSESSMENT), "q1", "DEU",
            field="actor_state", conflict=False)


def test_answer_is_refused_naming_question_id_when_not_a_question_of_the_cluster():
    refused(life.answer, facts(s.SELF_ASSESSMENT), "q9", "FRA",
            field="question_id", conflict=False)


@pytest.mark.parametrize("stage", [s.WAITING_FOR_NOMINATIONS, s.PRELIMINARY_CONSULTATION,
                                   s.SELF_ASSESSMENT])
def test_state_under_review_may_answer_early_while_waiting_or_consulting(stage):
    assert life.answer(facts(stage), "q1", "FRA").facts.answered == {"q1"}


def test_answer_is_refused_naming_stage_once_the_questionnaire_is_submitted():
    refused(life.answer, facts(s.WRITTEN_FEEDBACK), "q1", "FRA", field="stage", conflict=True)


def test_submit_is_refused_naming_answers_when_a_question_is_unanswered():
    error = refused(life.submit_questionnaire,
                    facts(s.SELF_ASSESSMENT, answered=frozenset({"q1"})), "FRA",
                    field="answers", conflict=False)
    assert "q2" in error.detail


def test_submit_is_refused_naming_questions_when_the_cluster_has_no_question_list():
    refused(life.submit_questionnaire, facts(s.SELF_ASSESSMENT, questions=frozenset()), "FRA",
            field="questions", conflict=True)


def test_submit_is_refused_naming_actor_state_when_not_the_state_under_review():
    refused(life.submit_questionnaire, facts(s.SELF_ASSESSMENT, answered=QUESTIONS), "KEN",
            field="actor_state", conflict=False)


def test_submit_moves_to_written_feedback_when_every_question_is_answered():
    outcome = life.submit_questionnaire(facts(s.SELF_ASSESSMENT, answered=QUESTIONS), "FRA")
    assert outcome.facts.stage == s.WRITTEN_FEEDBACK
    assert outcome.facts.questionnaire_submitted


def test_feedback_from_one_reviewing_state_keeps_the_stage_and_the_second_ends_it():
    first = life.give_feedback(facts(s.WRITTEN_FEEDBACK), "DEU")
    assert first.move is None and first.facts.stage == s.WRITTEN_FEEDBACK
    second = life.give_feedback(first.facts, "KEN")
    assert second.move.to_stage == s.LIST_OF_OBSERVATIONS


def test_feedback_is_refused_naming_actor_state_when_not_a_reviewing_state_or_given_twice():
    refused(life.give_feedback, facts(s.WRITTEN_FEEDBACK), "FRA",
            field="actor_state", conflict=False)
    given = facts(s.WRITTEN_FEEDBACK, feedback_from=frozenset({"DEU"}))
    refused(life.give_feedback, given, "DEU", field="actor_state", conflict=True)


def test_the_summary_waits_for_an_adopted_list_that_covers_every_article_reviewed():
    refused(life.write_observations, facts(s.WRITTEN_FEEDBACK), field="stage", conflict=True)
    written = life.write_observations(facts(s.LIST_OF_OBSERVATIONS)).facts
    refused(life.adopt_observations, written, "agreed", field="observation_lists",
            conflict=True)  # the free-text list is not the list per article
    partial = facts(s.LIST_OF_OBSERVATIONS, list_adopted=True,
                    unobserved_articles=("convention 23",))
    refused(life.adopt_observations, partial, "agreed", field="observation_lists",
            conflict=True)
    whole = facts(s.LIST_OF_OBSERVATIONS, list_adopted=True)
    assert life.adopt_observations(whole, "agreed").facts.stage == s.SUMMARY


def test_summary_is_refused_naming_text_when_over_the_word_limit():
    refused(life.write_summary, facts(s.SUMMARY), "word " * 1501, field="text", conflict=False)


def test_new_summary_version_restarts_its_translations():
    done = facts(s.SUMMARY, summary_versions=1, translated=frozenset(OFFICIAL_LANGUAGES))
    after = life.write_summary(done, "A shorter summary.").facts
    assert after.summary_versions == 2 and after.translated == frozenset()


def test_translation_is_refused_naming_summary_before_any_summary_is_written():
    refused(life.track_translation, facts(s.SUMMARY), "fr", "done",
            field="summary", conflict=True)


def test_translation_is_refused_naming_language_when_not_an_official_language():
    refused(life.track_translation, facts(s.SUMMARY, summary_versions=1), "de", "done",
            field="language", conflict=False)


def test_completion_is_refused_naming_translations_until_all_six_are_done():
    five = facts(s.SUMMARY, summary_versions=1, translated=frozenset(OFFICIAL_LANGUAGES[:5]))
    error = refused(life.complete, five, "done", field="translations", conflict=True)
    assert "es" in error.detail
    six = life.track_translation(five, "es", "done").facts
    assert life.complete(six, "done").facts.stage == s.COMPLETED


def test_translation_back_in_progress_is_no_longer_done():
    done = facts(s.SUMMARY, summary_versions=1, translated=frozenset({"fr"}))
    assert life.track_translation(done, "fr", "in_progress").facts.translated == frozenset()


@pytest.mark.parametrize("stage", [s.WAITING_FOR_NOMINATIONS, s.COMPLETED])
def test_send_back_is_refused_naming_stage_from_the_first_and_the_last_stage(stage):
    refused(life.send_back, facts(stage), "redo", field="stage", conflict=True)


def test_send_back_is_refused_naming_reason_when_no_reason_is_given():
    refused(life.send_back, facts(s.SUMMARY), "  ", field="reason", conflict=False)


@pytest.mark.parametrize(("stage", "forgotten"), [
    (s.SELF_ASSESSMENT, {"consultation_held": False, "languages": ()}),
    (s.WRITTEN_FEEDBACK, {"questionnaire_submitted": False}),
    (s.LIST_OF_OBSERVATIONS, {"feedback_from": frozenset()}),
])
def test_send_back_goes_one_stage_back_and_forgets_what_that_stage_produced(stage, forgotten):
    before = facts(stage, consultation_held=True, languages=("en",),
                   questionnaire_submitted=True, feedback_from=frozenset({"DEU", "KEN"}))
    outcome = life.send_back(before, "the reviewing States asked for it")
    assert outcome.move.backward
    assert outcome.facts.stage == s.previous_stage(stage)
    for name, value in forgotten.items():
        assert getattr(outcome.facts, name) == value


ALL_NAMED = frozenset({"FRA", "DEU", "KEN"})
GROUP_STARTS = dt.date(2021, 11, 1)


def test_a_review_with_every_focal_point_waits_for_its_groups_start():
    waiting = facts(focal_points=ALL_NAMED, starts_on=GROUP_STARTS)
    assert life.start_if_ready(waiting, dt.date(2021, 10, 31)).move is None
    assert life.start_if_ready(waiting, GROUP_STARTS).move.to_stage == (
        s.PRELIMINARY_CONSULTATION)
    error = refused(life.start, waiting, dt.date(2021, 10, 31), field="on", conflict=False)
    assert "starts on 2021-11-01" in error.detail


def test_a_consultation_without_agreement_keeps_the_review_at_the_stage_until_one_agrees():
    at_consultation = facts(s.PRELIMINARY_CONSULTATION, focal_points=ALL_NAMED)
    stuck = life.hold_consultation_without_agreement(at_consultation)
    assert stuck.move is None and stuck.facts.consultation_without_agreement
    agreed = life.hold_consultation(stuck.facts, ["en"], None, "held")
    assert agreed.move.to_stage == s.SELF_ASSESSMENT
    assert not agreed.facts.consultation_without_agreement
    refused(life.hold_consultation_without_agreement, facts(s.SELF_ASSESSMENT),
            field="stage", conflict=True)
    back = life.send_back(replace(agreed.facts), "the languages again")
    assert not back.facts.consultation_without_agreement and not back.facts.consultation_held
