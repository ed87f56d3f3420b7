"""A draw's record replays offline: the commitment, every pick with its pool, every
repetition; any change to the record is caught."""

from __future__ import annotations

import copy
import json

from services.lots.cli import main as cli
from services.lots.domain.commitment import commitment_of
from services.lots.domain.draw import draw_reviewers
from services.lots.domain.record import FORMAT, inputs_of, pick_record, problem_of, verify
from services.lots.domain.repetition import redraw, reviews_in_force
from services.lots.domain.rules import Rules
from tests.unit.lots.test_division import real_parties

SEED = "9f" * 32


def record() -> dict:
    parties = real_parties()
    under = [p.code for p in parties][:40]
    inputs = inputs_of(under, parties, [("AFG", "ZAF")], Rules())
    result = draw_reviewers([p for p in parties if p.code in under], parties, seed=SEED,
                            forbidden=[("AFG", "ZAF")])
    picks = [pick_record(p) for p in result.picks]
    state = under[0]
    replaced = next(p["reviewer"] for p in picks if p["state_under_review"] == state)
    again = redraw(problem_of(inputs), reviews_in_force(picks, []), state, replaced,
                   seed="ab12", outside=[], history=[])
    repetition = {"number": 1, "state_under_review": state, "replaced": replaced,
                  "replacement": again.replacement, "seed": "ab12", "pool": list(again.pool),
                  "outside_pairs": []}
    return {"format": FORMAT, "draw_id": 1, "group": {"number": 1}, "seed": SEED,
            "commitment": commitment_of(SEED), "inputs": inputs, "picks": picks,
            "repetitions": [repetition]}


DOCUMENT = record()


def test_untouched_record_verifies_when_replayed():
    assert verify(DOCUMENT) == {"matches": True, "commitment_matches": True,
                                "picks_match": True, "repetitions_match": True,
                                "differences": []}


def test_a_changed_reviewer_pool_seed_or_repetition_is_caught_when_replayed():
    changes = {
        "picks_match": lambda d: d["picks"][5].update(reviewer="FRA"),
        "commitment_matches": lambda d: d.update(seed="9f" * 31 + "9e"),
        "repetitions_match": lambda d: d["repetitions"][0].update(replacement="ZZZ"),
    }
    for flag, change in changes.items():
        document = copy.deepcopy(DOCUMENT)
        change(document)
        answer = verify(document)
        assert not answer["matches"] and not answer[flag] and answer["differences"], flag
    pool_changed = copy.deepcopy(DOCUMENT)
    pool_changed["picks"][0]["pool"] = pool_changed["picks"][0]["pool"][1:]
    assert "pool" in " ".join(verify(pool_changed)["differences"])


def test_cli_verifies_an_exported_file_offline_when_asked(tmp_path, capsys):
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_text(json.dumps(DOCUMENT))
    tampered = copy.deepcopy(DOCUMENT)
    tampered["inputs"]["rules"]["max_per_reviewer"] = 3
    bad.write_text(json.dumps(tampered))
    assert cli(["verify", str(good)]) == 0
    assert "VERIFIED" in capsys.readouterr().out
    assert cli(["verify", str(bad)]) == 1
    assert "NOT VERIFIED" in capsys.readouterr().out
