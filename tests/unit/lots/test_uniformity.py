"""Each eligible reviewer is drawn as often as the uniform rule predicts: chi-square tests
over many draws with fixed seeds (so the test is deterministic), at alpha = 0.001, with the
critical value from the Wilson-Hilferty approximation (no scipy needed)."""

from __future__ import annotations

import math
from collections import Counter
from statistics import NormalDist

from services.lots.domain.draw import draw_reviewers
from services.lots.domain.parties import StateParty

ALPHA = 0.001
DRAWS = 1500


def critical_value(df: int, alpha: float = ALPHA) -> float:
    """The chi-square quantile 1 - alpha, by Wilson and Hilferty (1931): (X/df)^(1/3) is
    nearly normal with mean 1 - 2/(9 df) and variance 2/(9 df)."""
    z = NormalDist().inv_cdf(1 - alpha)
    v = 2 / (9 * df)
    return df * (1 - v + z * math.sqrt(v)) ** 3


def chi_square(counts: Counter, cells: list) -> float:
    expected = sum(counts.values()) / len(cells)
    return sum((counts[c] - expected) ** 2 / expected for c in cells)


def population() -> list[StateParty]:
    sizes = {"african": 7, "asia_pacific": 5, "eastern_european": 4}
    return [StateParty(f"{region[:2].upper()}{i}", region, region, None,
                       ("convention", "trafficking", *(("firearms",) if i % 3 else ())))
            for region, n in sizes.items() for i in range(n)]


def many_draws():
    states = population()
    under = [s for s in states if s.code in ("AF0", "AF1", "AS0", "EA0", "EA1")]
    return [draw_reviewers(under, states, seed=f"uniformity-{n}") for n in range(DRAWS)]


RESULTS = many_draws()


def test_critical_value_matches_the_tables_when_approximated():
    # chi-square tables: 13.816 (df 2), 20.515 (df 5), 29.588 (df 10) at alpha 0.001; the
    # approximation errs a little high for few degrees of freedom, the safe side here
    for df, table in ((2, 13.816), (5, 20.515), (10, 29.588)):
        assert 0 <= (critical_value(df) - table) / table < 0.03


def test_first_pick_is_uniform_over_its_pool_when_drawn_many_times():
    pools = {tuple(r.picks[0].pool) for r in RESULTS}
    assert len(pools) == 1  # the first pool depends on the inputs only
    pool = list(pools.pop())
    assert len(pool) == 6
    counts = Counter(r.picks[0].chosen for r in RESULTS)
    assert chi_square(counts, pool) < critical_value(len(pool) - 1)


def test_every_later_pick_is_uniform_over_its_own_pool_when_drawn_many_times():
    by_size: dict[int, Counter] = {}
    for result in RESULTS:
        for pick in result.picks[1:]:
            position = list(pick.pool).index(pick.chosen)
            by_size.setdefault(len(pick.pool), Counter())[position] += 1
    tested = 0
    for size, counts in by_size.items():
        if size > 1 and sum(counts.values()) >= 20 * size:
            assert chi_square(counts, list(range(size))) < critical_value(size - 1), size
            tested += 1
    assert tested >= 3


def test_the_test_rejects_a_sampler_that_favours_one_state_when_biased():
    biased = Counter({"A": 360, "B": 300, "C": 300, "D": 300, "E": 300, "F": 240})
    assert chi_square(biased, list("ABCDEF")) > critical_value(5)


def test_no_pool_lacks_a_state_for_want_of_search_when_drawn():
    assert all(result.undecided == 0 for result in RESULTS)
