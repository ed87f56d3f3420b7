"""The nomination figures against a register counted by hand (figures_fixture.py), and the
counting rules one by one."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.nominations.domain.figures import Held, nomination_figures
from services.nominations.domain.participation import Participation, replacement_starts_on
from services.nominations.domain.review_stages import StageChange, started_by
from tests.unit.nominations import figures_fixture as fx

START = dt.date(2020, 12, 1)


def participations() -> list[Participation]:
    review_id, replaced, replacement, on = fx.REPETITION
    parts = []
    for review, group, under_review, reviewers in fx.REVIEWS:
        starts = fx.GROUP_STARTS[group]
        parts.append(Participation(review, under_review, "under_review", under_review,
                                   starts, group))
        for code in reviewers:
            ended = on if (review, code) == (review_id, replaced) else None
            parts.append(Participation(review, code, "reviewing", under_review, starts,
                                       group, ended))
        if review == review_id:
            parts.append(Participation(review, replacement, "reviewing", under_review,
                                       replacement_starts_on(starts, on), group))
    return parts


def held() -> list[Held]:
    ids = {key: number for number, key in enumerate(fx.PERSONS, start=1)}
    return [Held(ids[key], fx.PERSONS[key][0], review, role, fx.PERSONS[key][1], nominated,
                 withdrawn) for key, role, review, nominated, withdrawn in fx.NOMINATIONS]


@pytest.mark.parametrize("as_of", sorted(fx.EXPECTED))
def test_figures_match_the_hand_count_when_taken_as_of_a_date(as_of):
    figures = nomination_figures(participations(), held(), dt.date.fromisoformat(as_of))
    assert {**figures, "as_of": figures["as_of"].isoformat()} == {"as_of": as_of,
                                                                 **fx.EXPECTED[as_of]}


def test_focal_point_counts_once_in_totals_and_once_per_group_when_serving_in_two():
    parts = [Participation(1, "AAA", "under_review", "AAA", START, 1),
             Participation(2, "AAA", "under_review", "AAA", START, 2),
             Participation(3, "AAA", "reviewing", "BBB", START, 2)]
    nominations = [Held(7, "AAA", r, "focal_point", "male", START) for r in (1, 2, 3)]
    figures = nomination_figures(parts, nominations, START)
    assert [g["focal_points"] for g in figures["groups"]] == [1, 1]
    assert figures["totals"]["focal_points"] == 1
    assert figures["totals"]["states_in_several_groups"] == 1
    assert figures["totals"]["women_share"] == 0.0


def test_review_missing_both_focal_points_counts_as_the_state_under_review_s_when_counted():
    parts = [Participation(1, "AAA", "under_review", "AAA", START, 1),
             Participation(1, "BBB", "reviewing", "AAA", START, 1),
             Participation(2, "CCC", "under_review", "CCC", START, 1),
             Participation(2, "BBB", "reviewing", "CCC", START, 1)]
    (group,) = nomination_figures(parts, [Held(1, "CCC", 2, "focal_point", "female", START)],
                                  START)["groups"]
    assert group["reviews_missing_focal_point"] == {"under_review": 1, "reviewing": 1}
    assert group["states_missing_focal_point"] == {"under_review": 1, "reviewing": 1}


def test_nothing_counts_when_nominated_after_the_date_or_withdrawn_by_it():
    parts = [Participation(1, "AAA", "under_review", "AAA", START, 1)]
    later = Held(1, "AAA", 1, "expert", "female", START + dt.timedelta(days=1))
    gone = Held(2, "AAA", 1, "expert", "female", START - dt.timedelta(days=9), START)
    totals = nomination_figures(parts, [later, gone], START)["totals"]
    assert totals["experts"] == 0 and totals["women_share"] is None


@st.composite
def registers(draw):
    """Random small registers: reviews of three States in two groups, random nominations."""
    states = ["AAA", "BBB", "CCC", "DDD", "EEE"]
    parts = []
    for review in range(1, draw(st.integers(1, 5)) + 1):
        group = draw(st.sampled_from([1, 2]))
        trio = draw(st.permutations(states))[:3]
        parts.append(Participation(review, trio[0], "under_review", trio[0], START, group))
        parts += [Participation(review, s, "reviewing", trio[0], START, group) for s in trio[1:]]
    held = draw(st.lists(st.builds(
        lambda p, person, role, gender, late: Held(person, p.state_code, p.review_id, role,
                                                   gender, START + dt.timedelta(days=late)),
        st.sampled_from(parts), st.integers(1, 8),
        st.sampled_from(["focal_point", "expert", "observer"]),
        st.sampled_from(["female", "male", "undisclosed"]), st.integers(0, 3)), max_size=12))
    return parts, held


@given(registers())
def test_counts_hold_together_whatever_the_register_when_counted(register):
    parts, held = register
    figures = nomination_figures(parts, held, START + dt.timedelta(days=2))
    totals, groups = figures["totals"], figures["groups"]
    for key in ("focal_points", "experts", "observers", "states_with_observers"):
        assert max([g[key] for g in groups], default=0) <= totals[key] <= sum(
            g[key] for g in groups)
    for g in groups:
        reviews = {p.review_id for p in parts if p.group_number == g["group_number"]}
        waiting = g["reviews_missing_focal_point"]
        assert waiting["under_review"] + waiting["reviewing"] <= len(reviews)
        assert g["women_share"] is None or 0 <= g["women_share"] <= 1
    assert totals["states_in_several_groups"] <= len({n.state_code for n in held})


def test_a_review_that_started_is_not_waiting_when_it_later_lost_a_focal_point():
    """Issue 18: the reviews waiting for a reviewing State's focal point counted reviews
    that had started and lost one since (21 against the reviews service's 17)."""
    parts = [Participation(1, "AAA", "under_review", "AAA", START, 1),
             Participation(1, "BBB", "reviewing", "AAA", START, 1),
             Participation(2, "CCC", "under_review", "CCC", START, 1),
             Participation(2, "BBB", "reviewing", "CCC", START, 1)]
    day = START + dt.timedelta(days=5)
    held = [Held(1, "AAA", 1, "focal_point", "female", START),
            Held(2, "BBB", 1, "focal_point", "male", START, day),
            Held(3, "CCC", 2, "focal_point", "female", START)]
    started = started_by([StageChange(1, "preliminary_consultation", START)], day)
    (group,) = nomination_figures(parts, held, day, started)["groups"]
    assert group["reviews_missing_focal_point"] == {"under_review": 0, "reviewing": 1}
    assert group["states_missing_focal_point"] == {"under_review": 0, "reviewing": 1}


def test_a_review_sent_back_to_the_wait_is_waiting_again_from_that_day():
    changes = [StageChange(1, "preliminary_consultation", START),
               StageChange(1, "waiting_for_nominations", START + dt.timedelta(days=3))]
    assert started_by(changes, START + dt.timedelta(days=2)) == {1}
    assert started_by(changes, START + dt.timedelta(days=3)) == set()
    assert started_by(changes, START - dt.timedelta(days=1)) == set()
