"""Benchmark of the drawing of lots: `.venv/bin/python bench/lots.py`.

Figures (each the median of a few runs):
- draw_191_states: the real list of parties (deploy/data/states_parties.csv), divided by
  lot into three groups with regional balance, and the lots of all three groups drawn in
  turn (pairs of a group barred in the next), with every rule on;
- draw_191_states_baseline: the same picks made uniformly among the States that fit each
  place, without the feasibility check before each pick (such a draw can run into a dead
  end; the baseline just restarts with the next seed), and the ratio of the two;
- draw_5000_states: the same for 5,000 synthetic States drawn from the real list's mix of
  regional groups and instruments;
- draw_62_states_http: POST /groups/<id>/draw for a group of 62 through the app on a
  SQLite file, records and outbox included.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from services.lots.adapters.states_csv import parse_states_csv  # noqa: E402
from services.lots.bootstrap import MIGRATIONS as LOTS_MIGRATIONS  # noqa: E402
from services.lots.domain.division import divide  # noqa: E402
from services.lots.domain.draw import draw_reviewers  # noqa: E402
from services.lots.domain.parties import StateParty  # noqa: E402
from services.lots.domain.rules import Problem, Rules, Slot  # noqa: E402
from shared.config import REPO_ROOT  # noqa: E402

CSV = REPO_ROOT / "deploy" / "data" / "states_parties.csv"


def real_parties() -> list[StateParty]:
    return [StateParty(c.code, c.name, c.regional_group, c.legal_system, c.instruments)
            for c in parse_states_csv(CSV.read_text(encoding="utf-8"))]


def synthetic(n: int) -> list[StateParty]:
    real, rng = real_parties(), random.Random(5000)
    codes = ["".join(chr(65 + (i // 26 ** k) % 26) for k in (2, 1, 0)) for i in range(n)]
    return [StateParty(code, code, model.regional_group, model.legal_system, model.instruments)
            for code, model in zip(codes, (rng.choice(real) for _ in codes), strict=True)]


def draw_groups(parties: list[StateParty], draw) -> None:
    """Divide into three groups and draw each, the pairs of the phase accumulating."""
    by_code = {p.code: p for p in parties}
    forbidden: set[tuple[str, str]] = set()
    for number, codes in enumerate(divide(parties, 3, seed="bench", balance_regions=True)):
        picks = draw([by_code[c] for c in codes], parties, forbidden, f"bench-{number}")
        forbidden |= {(reviewer, state) for state, reviewer in picks}


def with_lookahead(under, parties, forbidden, seed):
    result = draw_reviewers(under, parties, seed=seed, forbidden=forbidden)
    return [(p.state_under_review, p.chosen) for p in result.picks]


def without_lookahead(under, parties, forbidden, seed):
    """Uniform among the States that fit, no check that the rest stays feasible."""
    problem = Problem(under, parties, forbidden, Rules())
    for attempt in range(1000):
        picks = _blind(problem, random.Random(f"{seed}-{attempt}"))
        if picks is not None:
            return picks
    raise RuntimeError("the baseline found no draw in 1000 attempts")


def _blind(problem: Problem, rng: random.Random):
    load: dict[str, int] = {}
    pairs: set[tuple[str, str]] = set()
    for state in problem.under_review:
        for index in (0, 1):
            slot, mine = Slot(state, index), {r for r, s in pairs if s == state}
            places = [(slot, frozenset())]
            while places:
                place, gap = places.pop()
                pool = [r for r in problem.candidates(problem.key(place, gap))
                        if problem.fits(place, r, gap) and r not in mine
                        and (state, r) not in pairs and load.get(r, 0) < 2]
                if not pool:
                    return None
                chosen = pool[rng.randrange(len(pool))]
                load[chosen] = load.get(chosen, 0) + 1
                pairs.add((chosen, state))
                mine.add(chosen)
                if not place.additional and problem.gap(state, chosen):
                    places.append((place.extra, problem.gap(state, chosen)))
    return [(s, r) for r, s in pairs]


def median_seconds(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def http_draw_seconds(parties: list[StateParty]) -> float:
    from harness.keys import run_keys
    from services.lots.app import create_app
    from services.lots.handlers.parties import register_state_parties
    from services.lots.settings import Settings
    from shared.auth.jwt import issue
    from shared.config import token_signer_from_env
    from shared.db.migrate import upgrade

    os.environ.update(run_keys())  # a key pair for this run only
    token = issue(token_signer_from_env(), subject="bench", role="secretariat")
    signed = {"Authorization": f"Bearer {token}"}
    with tempfile.TemporaryDirectory() as directory:
        app = create_app(Settings(service="lots", database_url=f"sqlite:///{directory}/b.db"))
        ctx = app.extensions["revmod"]
        upgrade(LOTS_MIGRATIONS, ctx.engine)
        register_state_parties(ctx, parse_states_csv(CSV.read_text(encoding="utf-8")))
        client = app.test_client()
        group = client.post("/groups", headers=signed, json={
            "number": 1, "starts_on": "2020-12-01",
            "states_under_review": [p.code for p in parties[::3]][:62]})
        started = time.perf_counter()
        answer = client.post(f"/groups/{group.json['id']}/draw", json={}, headers=signed)
        seconds = time.perf_counter() - started
        assert answer.status_code == 201, answer.json
        ctx.engine.dispose()
    return seconds


def main() -> None:
    real = real_parties()
    ours = median_seconds(lambda: draw_groups(real, with_lookahead), 5)
    blind = median_seconds(lambda: draw_groups(real, without_lookahead), 5)
    print(f"BENCH lots draw_191_states {ours:.3f} s target <= 0.2")
    print(f"BENCH lots draw_191_states_baseline {blind:.3f} s")
    print(f"BENCH lots draw_191_states_ratio {ours / blind:.2f} x")
    many = synthetic(5000)
    print(f"BENCH lots draw_5000_states "
          f"{median_seconds(lambda: draw_groups(many, with_lookahead), 3):.3f} s target <= 5")
    print(f"BENCH lots draw_62_states_http {http_draw_seconds(real):.3f} s")


if __name__ == "__main__":
    main()
