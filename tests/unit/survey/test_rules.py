"""The survey's pure rules: what an answer may say, when a survey takes answers, and the
results' figures, words and suppression, without a database."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

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
                  + replies("western_european_others", 3, {1: {11}, 2: {20}})
                  + [Reply("african", {1: frozenset({10})}, frozenset({3}))])
    found = tally(QUESTIONS, population)
    first, second, third = found["questions"]
    assert found["states_answered"] == 25
    assert [(o["states"], o["per_cent"], o["hidden"]) for o in first["options"]] == [
        (22, 88.0, False), (3, 12.0, False)]
    assert first["options"][0]["sentence"] == "88 per cent of States requested training"
    assert second["options"][1] == {"option_id": 21, "label": "Questionnaire", "states": None,
                                    "per_cent": None, "hidden": True, "sentence": None}
    assert second["options"][0]["sentence"] == \
        "100 per cent of States answered \u201cREVMOD\u201d to \u201cOn what?\u201d"
    groups = {g["regional_group"]: g for g in first["by_regional_group"]}
    assert groups["african"]["states_answered"] == 20
    # Africa's "No" is 0: shown beside 20 for "Yes", it would come back as 20 - 20
    assert [o["states"] for o in groups["african"]["options"]] == [None, None]
    assert groups["asia_pacific"]["states_answered"] is None
    # 25 for all less Africa's 20 would give Asia and the Pacific's 2 with Western Europe's 3
    assert groups["western_european_others"]["states_answered"] is None
    assert all(o["hidden"] for g in groups.values() for o in g["options"])
    assert third == {"question_id": 3, "kind": "text", "text": "Anything else?",
                     "states_answered": None, "by_regional_group": third["by_regional_group"]}


GROUPS = ("african", "asia_pacific", "eastern_european", "latin_american_caribbean",
          "western_european_others")


def sums_shown(question: Question, result: dict) -> list[tuple]:
    """Each sum the results hold, as (total, parts) of the shown values (None if hidden):
    the options of a single choice add up to the States that answered, for all and in
    each group; each figure for all States adds up the groups'."""
    rows = [result, *result["by_regional_group"]]
    sums = [(result["states_answered"], [g["states_answered"] for g in rows[1:]])]
    for i, _ in enumerate(question.options):
        sums.append((result["options"][i]["states"],
                     [g["options"][i]["states"] for g in rows[1:]]))
    if question.kind == "single":
        sums += [(row["states_answered"], [o["states"] for o in row["options"]])
                 for row in rows]
    return sums


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(GROUPS), st.sampled_from((10, 11, 12))),
                max_size=40))
def test_no_hidden_count_comes_back_by_subtraction_from_the_counts_shown(chosen):
    question = Question(1, "single", "Which?", (Option(10, "A"), Option(11, "B"),
                                                Option(12, "C")))
    population = [Reply(group, {1: frozenset({option})}) for group, option in chosen]
    result = tally((question,), population)["questions"][0]
    for total, parts in sums_shown(question, result):
        hidden = [p for p in parts if p is None]
        if total is None:
            assert hidden or not parts, "a hidden total is the sum of its parts shown"
        elif hidden:
            assert len(hidden) >= 2, "one hidden part of a shown total is found by subtraction"
            assert total - sum(p for p in parts if p is not None) >= 3
    shown = [v for total, parts in sums_shown(question, result) for v in (total, *parts)
             if v is not None]
    assert all(v >= 3 for v in shown)


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
