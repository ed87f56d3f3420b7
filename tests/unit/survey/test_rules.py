"""The survey's pure rules: what an answer may say, when a survey takes answers, and the
results' figures, words and suppression, without a database."""

from __future__ import annotations

import datetime as dt

from services.survey.domain import windows
from services.survey.domain.questions import (
    Given,
    Option,
    Question,
    answer_problems,
    definition_problems,
)
from services.survey.domain.results import Reply, opening_sentence, per_cent_text, tally

SINGLE = Question(1, "single", "Which?", (Option(10, "Yes", "requested training"),
                                          Option(11, "No")), required=True)
MULTI = Question(2, "multiple", "On what?", (Option(20, "REVMOD"), Option(21, "Questionnaire")))
TEXT = Question(3, "text", "Anything else?")
QUESTIONS = (SINGLE, MULTI, TEXT)
DAY = dt.date(2021, 1, 20)


def test_an_answer_is_refused_field_by_field_when_it_strays_from_the_survey():
    problems = answer_problems(QUESTIONS, [
        Given(99, (1,)), Given(2, (20, 77)), Given(3, (20,)), Given(1, (10, 11))])
    assert problems == {
        "answers.0.question_id": "question 99 is not in this survey",
        "answers.1.option_ids": "option 77 is not an option of question 2",
        "answers.2.option_ids": "question 3 asks for text, not options",
        "answers.3.option_ids": "question 1 takes one option only"}


def test_a_required_question_left_out_is_named_when_the_answer_is_checked():
    assert answer_problems(QUESTIONS, [Given(3, (), "fine")]) == {
        "answers": "required questions not answered: 1"}
    assert answer_problems(QUESTIONS, [Given(1, (10,)), Given(2, (20, 21))]) == {}


def test_a_choice_question_needs_two_distinct_options_when_defined():
    assert definition_problems([
        {"kind": "single", "options": [{"label": "Yes"}]},
        {"kind": "multiple", "options": [{"label": "A"}, {"label": " a"}]},
        {"kind": "text", "options": [{"label": "A"}]},
        {"kind": "single", "options": [{"label": "A"}, {"label": "B"}]}]) == {
        "questions.0.options": "a choice question needs two options at least",
        "questions.1.options": "two options have the same label",
        "questions.2.options": "a free-text question has no options"}


def test_a_state_may_answer_only_an_open_survey_it_was_invited_to_until_its_deadline():
    assert windows.answering_problem("open", DAY, DAY, True) is None
    assert windows.answering_problem("open", DAY, DAY + dt.timedelta(days=1), True)[0] == \
        "deadline"
    assert windows.answering_problem("open", DAY, DAY, False)[0] == "state_code"
    assert windows.answering_problem("closed", DAY, DAY, True)[0] == "survey_id"
    assert windows.opening_problem("open", DAY, DAY, ["AUT"])[0] == "status"
    assert windows.opening_problem("draft", DAY, DAY + dt.timedelta(days=1), ["AUT"])[0] == \
        "deadline"


def replies(group: str, count: int, chosen: dict) -> list[Reply]:
    return [Reply(group, {q: frozenset(o) for q, o in chosen.items()}) for _ in range(count)]


def test_results_count_states_state_per_cents_and_hide_counts_under_three():
    population = (replies("african", 19, {1: {10}, 2: {20}})
                  + replies("asia_pacific", 2, {1: {10}, 2: {20, 21}})
                  + replies("western_european_others", 1, {1: {11}})
                  + [Reply("african", {1: frozenset({10})}, frozenset({3}))])
    found = tally(QUESTIONS, population)
    first, second, third = found["questions"]
    assert found["states_answered"] == 23
    assert [(o["states"], o["per_cent"], o["hidden"]) for o in first["options"]] == [
        (22, 95.7, False), (None, None, True)]
    assert first["options"][0]["sentence"] == "95.7 per cent of States requested training"
    assert second["options"][1] == {"option_id": 21, "label": "Questionnaire", "states": None,
                                    "per_cent": None, "hidden": True, "sentence": None}
    assert second["options"][0]["sentence"] == \
        "100 per cent of States answered \u201cREVMOD\u201d to \u201cOn what?\u201d"
    groups = {g["regional_group"]: g for g in first["by_regional_group"]}
    assert groups["african"]["states_answered"] == 20
    assert groups["african"]["options"][0]["states"] == 20
    assert groups["asia_pacific"]["states_answered"] is None
    assert all(o["hidden"] for o in groups["asia_pacific"]["options"])
    assert third == {"question_id": 3, "kind": "text", "text": "Anything else?",
                     "states_answered": None, "by_regional_group": third["by_regional_group"]}


def test_the_note_words_its_figures_when_results_are_stated():
    assert per_cent_text(95.0) == "95" and per_cent_text(65.2) == "65.2"
    assert opening_sentence(replies("african", 2, {})) == \
        "Responses were received from fewer than three States parties"
    groups = ("african", "asia_pacific", "eastern_european", "latin_american_caribbean",
              "western_european_others")
    everywhere = [r for g in groups for r in replies(g, 9, {})] + replies("african", 1, {})
    assert opening_sentence(everywhere) == \
        "Responses were received from 46 States parties across all regional groups"
    assert opening_sentence(replies("african", 3, {})).endswith("across 1 of the 5 regional groups")
