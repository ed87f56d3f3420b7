"""Dividing the States parties into review groups by lot."""

from __future__ import annotations

from collections import Counter

from services.lots.adapters.states_csv import parse_states_csv
from services.lots.domain.division import divide
from services.lots.domain.parties import StateParty
from shared.config import REPO_ROOT


def real_parties() -> list[StateParty]:
    text = (REPO_ROOT / "deploy" / "data" / "states_parties.csv").read_text(encoding="utf-8")
    return [StateParty(c.code, c.name, c.regional_group, c.legal_system, c.instruments)
            for c in parse_states_csv(text)]


def test_every_state_lands_in_exactly_one_group_of_near_equal_size_when_divided():
    parties = real_parties()
    groups = divide(parties, 3, seed="cafe", balance_regions=False)
    codes = [c for g in groups for c in g]
    assert sorted(codes) == sorted(p.code for p in parties)
    assert sorted(len(g) for g in groups) == [63, 64, 64]


def test_each_group_holds_its_share_of_every_region_when_balanced():
    parties = real_parties()
    region = {p.code: p.regional_group for p in parties}
    groups = divide(parties, 3, seed="cafe", balance_regions=True)
    totals = Counter(region.values())
    for group in groups:
        mine = Counter(region[c] for c in group)
        for name, total in totals.items():
            assert abs(mine[name] - total / 3) < 1, (name, mine[name], total)
    assert max(map(len, groups)) - min(map(len, groups)) <= 1


def test_same_seed_gives_the_same_groups_and_another_seed_others_when_divided():
    parties = real_parties()
    once = divide(parties, 3, seed="1234abcd", balance_regions=True)
    assert once == divide(list(reversed(parties)), 3, seed="1234abcd", balance_regions=True)
    assert once != divide(parties, 3, seed="1234abce", balance_regions=True)
