"""The record of a draw that anyone can check: its inputs, seed, commitment, picks (with the
pool of each) and repetitions, as one JSON document; and the replay that checks it.

`verify(document)` needs nothing but the document: it is what `python -m services.lots.cli
verify FILE` runs, offline, and what GET /draws/<id>/verification runs on the stored draw.
"""

from __future__ import annotations

from collections.abc import Iterable

from services.lots.domain.commitment import commitment_of
from services.lots.domain.diagnose import DrawInfeasible
from services.lots.domain.draw import run_draw
from services.lots.domain.parties import StateParty
from services.lots.domain.repetition import redraw, reviews_in_force
from services.lots.domain.rules import Problem, Rules

FORMAT = "revmod/lots-draw/1"
PICK_FIELDS = ("state_under_review", "slot", "reviewer", "instruments", "completes", "pool")


def inputs_of(under_review: Iterable[str], parties: Iterable[StateParty],
              forbidden: Iterable[tuple[str, str]], rules: Rules) -> dict:
    """Everything a draw depends on besides its seed."""
    return {
        "parties": [{"code": p.code, "regional_group": p.regional_group,
                     "instruments": list(p.instruments)}
                    for p in sorted(parties, key=lambda p: p.code)],
        "under_review": sorted(under_review),
        "forbidden": [list(pair) for pair in sorted(forbidden)],
        "rules": rules.as_dict(),
    }


def problem_of(inputs: dict) -> Problem:
    parties = {p["code"]: StateParty(p["code"], p["code"], p["regional_group"], None,
                                      tuple(p["instruments"])) for p in inputs["parties"]}
    rules = Rules(inputs["rules"]["max_per_reviewer"], inputs["rules"]["max_reviewing_states"],
                  dict(inputs["rules"].get("limits", {})))
    return Problem([parties[c] for c in inputs["under_review"]], list(parties.values()),
                   [tuple(pair) for pair in inputs["forbidden"]], rules)


def pick_record(pick) -> dict:
    return {"state_under_review": pick.state_under_review, "slot": pick.slot,
            "reviewer": pick.chosen, "instruments": list(pick.instruments),
            "completes": pick.completes, "pool": list(pick.pool)}


def verify(document: dict) -> dict:
    """Replay a recorded draw and its repetitions; say what matches and what does not."""
    if document.get("format") != FORMAT:
        return _answer(["the document is not a REVMOD draw record (format "
                        f"{document.get('format')!r}, expected {FORMAT!r})"], False, False, False)
    differences: list[str] = []
    seed = document["seed"]
    committed = commitment_of(seed) == document["commitment"]
    if not committed:
        differences.append("the seed does not hash (SHA-256) to the published commitment")
    problem = problem_of(document["inputs"])
    try:
        replayed = [pick_record(p) for p in run_draw(problem, seed).picks]
    except DrawInfeasible as exc:
        replayed, differences = [], [*differences, f"the replay finds no draw: {exc.detail}"]
    draw_ok = _compare_picks(document["picks"], replayed, differences)
    reps_ok = _replay_repetitions(problem, document, differences)
    return _answer(differences, committed, draw_ok, reps_ok)


def _compare_picks(recorded: list[dict], replayed: list[dict], differences: list[str]) -> bool:
    before = len(differences)
    if len(recorded) != len(replayed):
        differences.append(f"{len(recorded)} picks recorded, {len(replayed)} replayed")
    for number, (mine, theirs) in enumerate(zip(recorded, replayed, strict=False), start=1):
        for name in PICK_FIELDS:
            if mine.get(name) != theirs[name]:
                differences.append(f"pick {number} ({theirs['state_under_review']}, "
                                   f"{theirs['slot']}): recorded {name} {mine.get(name)!r}, "
                                   f"replayed {theirs[name]!r}")
    return len(differences) == before


def _replay_repetitions(problem: Problem, document: dict, differences: list[str]) -> bool:
    before = len(differences)
    done: list[dict] = []
    for rep in document.get("repetitions", []):
        reviews = reviews_in_force(document["picks"], done)
        history = [r["replaced"] for r in done if r["state_under_review"]
                   == rep["state_under_review"]]
        try:
            again = redraw(problem, reviews, rep["state_under_review"], rep["replaced"],
                           seed=rep["seed"], outside=[tuple(p) for p in rep["outside_pairs"]],
                           history=history)
        except (DrawInfeasible, StopIteration, KeyError):
            differences.append(f"repetition {rep['number']} cannot be replayed")
            done.append(rep)
            continue
        if (again.replacement, list(again.pool)) != (rep["replacement"], rep["pool"]):
            differences.append(f"repetition {rep['number']}: recorded {rep['replacement']} "
                               f"from {len(rep['pool'])} States, replayed "
                               f"{again.replacement} from {len(again.pool)}")
        done.append(rep)
    return len(differences) == before


def _answer(differences: list[str], committed: bool, draw_ok: bool, reps_ok: bool) -> dict:
    return {"matches": not differences, "commitment_matches": committed,
            "picks_match": draw_ok, "repetitions_match": reps_ok, "differences": differences}
