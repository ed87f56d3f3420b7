"""Instruments: a reviewer reviews only what it is party to; a gap brings an additional
reviewer for those instruments only; never more reviewing States than allowed."""

from __future__ import annotations

from services.lots.domain.draw import ADDITIONAL, draw_reviewers
from services.lots.domain.parties import StateParty

ALL = ("convention", "trafficking", "smuggling", "firearms")


def party(code, region, instruments=ALL):
    return StateParty(code, code, region, None, tuple(instruments))


def test_gap_of_each_main_reviewer_gets_an_additional_reviewer_for_it_alone_when_drawn():
    states = ([party("AF0", "african"), party("AF1", "african", ALL[:2])]
              + [party(f"AS{i}", "asia_pacific", ALL[:3]) for i in range(3)]
              + [party(f"EE{i}", "eastern_european") for i in range(3)])
    result = draw_reviewers([states[0]], states, seed="gap")
    picks = result.picks
    assert [p.slot for p in picks] == ["same_region", ADDITIONAL, "other_region", ADDITIONAL] \
        or [p.slot for p in picks] == ["same_region", ADDITIONAL, "other_region"]
    same, gap = picks[0], picks[1]
    assert same.chosen == "AF1" and same.instruments == ("convention", "trafficking")
    assert gap.instruments == ("smuggling", "firearms") and gap.completes == "AF1"
    assert gap.chosen.startswith("EE")  # only they are party to both
    other = picks[2]
    if other.chosen.startswith("AS"):
        assert picks[3].instruments == ("firearms",) and picks[3].completes == other.chosen
    assert result.additional()["AF0"][gap.chosen] == ["smuggling", "firearms"]


def test_reviewers_party_to_everything_need_no_additional_reviewer_when_drawn():
    states = [party(f"{r[:2].upper()}{i}", r) for r in ("african", "asia_pacific")
              for i in range(3)]
    result = draw_reviewers(states, states, seed="full")
    assert all(p.slot != ADDITIONAL for p in result.picks)
    assert all(len(v) == 2 for v in result.reviewers().values())


def test_a_state_that_agreed_to_fewer_reviewers_gets_full_reviewers_when_limited():
    states = ([party("AF0", "african"), party("AF1", "african", ALL[:2]),
               party("AF2", "african")]
              + [party(f"AS{i}", "asia_pacific", ALL[:2]) for i in range(2)]
              + [party("AS9", "asia_pacific")])
    for seed in ("a", "b", "c", "d", "e"):
        result = draw_reviewers([states[0]], states, seed=seed, limits={"AF0": 2})
        assert result.reviewers()["AF0"] in (["AF2", "AS9"],)
        same_pool = result.picks[0].pool
        assert list(same_pool) == ["AF2"]  # AF1 would open a gap: a third reviewer


def test_reviewing_states_never_exceed_four_when_both_main_reviewers_have_gaps():
    states = ([party("AF0", "african"), party("AF1", "african", ALL[:1])]
              + [party("AS0", "asia_pacific", ALL[:1]), party("EE0", "eastern_european"),
                 party("EE1", "eastern_european")])
    result = draw_reviewers([states[0]], states, seed="four")
    reviewers = result.reviewers()["AF0"]
    assert len(reviewers) <= 4 and len(set(reviewers)) == len(reviewers)
