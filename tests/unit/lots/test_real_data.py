"""The draw on the real list of States parties (deploy/data/states_parties.csv): the three
groups of the note, every rule on, and the same draw in any Python process."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from services.lots.domain.division import divide
from services.lots.domain.draw import ADDITIONAL, draw_reviewers
from shared.config import REPO_ROOT
from tests.unit.lots.rules_check import violations
from tests.unit.lots.test_division import real_parties

SCRIPT = """
import json
from services.lots.domain.draw import draw_reviewers
from services.lots.domain.parties import StateParty
from tests.unit.lots.test_division import real_parties
parties = real_parties()
ALL = ("convention", "trafficking", "smuggling", "firearms")
tight = [StateParty(f"{g[:2].upper()}{i}", g, g, None, ALL[:2 + i % 3])
         for g in ("african", "asia_pacific", "eastern_european") for i in range(4)]
for under, pool in ((parties[::3], parties), (tight[:6], tight)):
    result = draw_reviewers(under, pool, seed="abad1dea")
    print(json.dumps([[p.state_under_review, p.slot, p.chosen, list(p.pool)]
                      for p in result.picks]))
"""


def test_three_groups_of_the_real_list_draw_with_every_rule_when_divided():
    parties = real_parties()
    by_code = {p.code: p for p in parties}
    forbidden: set[tuple[str, str]] = set()
    for number, codes in enumerate(divide(parties, 3, seed="5eed", balance_regions=True)):
        under = [by_code[c] for c in codes]
        assert 62 <= len(under) <= 64
        result = draw_reviewers(under, parties, seed=f"group-{number}", forbidden=forbidden)
        assert violations(result.picks, under, parties, forbidden) == []
        assert any(p.slot == ADDITIONAL for p in result.picks)
        assert {p.state_under_review for p in result.picks} == set(codes)
        forbidden |= {(p.chosen, p.state_under_review) for p in result.picks}


def test_same_seed_gives_the_same_draw_in_processes_with_other_hash_seeds():
    outputs = set()
    for hash_seed in ("0", "1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(REPO_ROOT)}
        answer = subprocess.run([sys.executable, "-c", SCRIPT], env=env, cwd=REPO_ROOT,
                                capture_output=True, text=True, check=True)
        outputs.add(answer.stdout)
    assert len(outputs) == 1
    loose, tight = outputs.pop().splitlines()
    assert json.loads(loose) and json.loads(tight)
