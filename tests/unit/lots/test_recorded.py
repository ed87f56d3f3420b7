"""The rules a result drawn at a meeting is checked against, without a database."""

from __future__ import annotations

import pytest

from services.lots.domain.parties import StateParty
from services.lots.domain.recorded import RecordedReview, breaches, picks_of
from services.lots.domain.rules import Rules

ALL = ("convention", "trafficking", "smuggling", "firearms")
WEOG, GRULAC = "western_european_others", "latin_american_caribbean"
PARTIES = {p.code: p for p in [
    StateParty("AUT", "Austria", WEOG, None, ALL), StateParty("DEU", "Germany", WEOG, None, ALL),
    StateParty("FRA", "France", WEOG, None, ALL), StateParty("BRA", "Brazil", GRULAC, None, ALL),
    StateParty("ARG", "Argentina", GRULAC, None, ALL),
    StateParty("COL", "Colombia", GRULAC, None, ALL[:3]),
    StateParty("EUU", "European Union", None, None, ALL[:1]),
]}


def review(state, *reviewers, extra=None, reason=None) -> RecordedReview:
    return RecordedReview(state, tuple(reviewers), extra or {}, reason)


def rules_broken(reviews, pairs=()) -> list[tuple[str, str]]:
    return [(b.rule, b.state_under_review) for b in breaches(reviews, PARTIES, pairs, Rules())]


def test_nothing_is_broken_when_a_result_keeps_every_rule():
    assert rules_broken([review("AUT", "DEU", "BRA"), review("BRA", "ARG", "FRA")]) == []


@pytest.mark.parametrize(("reviews", "expected"), [
    ([review("AUT", "AUT", "BRA")], ("no_self_review", "AUT")),
    ([review("AUT", "DEU", "FRA")], ("regional_groups", "AUT")),
    ([review("AUT", "DEU", "BRA", "FRA")], ("two_reviewing_states", "AUT")),
    ([review("AUT", "DEU", "COL")], ("instruments", "AUT")),
    ([review("AUT", "DEU", "BRA"), review("DEU", "AUT", "ARG")], ("no_mutual_reviews", "DEU")),
    ([review("AUT", "DEU", "BRA", extra={"ARG": ("firearms",), "COL": ("firearms",),
                                         "FRA": ("firearms",)})],
     ("max_reviewing_states", "AUT")),
])
def test_a_breach_names_its_rule_and_review_when_the_result_breaks_a_rule(reviews, expected):
    assert expected in rules_broken(reviews)


def test_a_reviewer_beyond_the_cap_is_named_on_the_review_that_passes_it():
    reviews = [review("AUT", "DEU", "BRA"), review("FRA", "DEU", "BRA"),
               review("ARG", "BRA", "DEU")]
    assert rules_broken(reviews) == [("max_reviews_per_reviewer", "ARG")] * 2


def test_a_pair_of_an_earlier_draw_of_the_phase_is_mutual_when_reversed():
    assert rules_broken([review("AUT", "DEU", "BRA")], pairs={("AUT", "BRA")}) == \
        [("no_mutual_reviews", "AUT")]


def test_an_agreed_exception_excuses_its_review_and_either_side_of_a_mutual_pair():
    assert rules_broken([review("AUT", "DEU", "FRA", reason="agreed")]) == []
    assert rules_broken([review("AUT", "DEU", "BRA", reason="agreed"),
                         review("DEU", "AUT", "ARG")]) == []


def test_an_additional_reviewer_fills_the_gap_and_becomes_a_pick_that_completes_it():
    aut = review("AUT", "DEU", "COL", extra={"ARG": ("firearms",)})
    assert rules_broken([aut]) == []
    picks = picks_of(aut, PARTIES)
    assert [(p.reviewer, p.slot, p.completes) for p in picks] == [
        ("DEU", "same_region", None), ("COL", "other_region", None),
        ("ARG", "additional", "COL")]


def test_a_party_of_no_regional_group_takes_reviewers_of_any_group():
    assert rules_broken([review("EUU", "DEU", "FRA")]) == []
