"""Dividing the States parties into review groups by lot (../shared/DOMAIN.md, "Groups").

The States are shuffled with `random.Random(seed)` and dealt out to the groups like cards,
so group sizes differ by at most one. With regional balance, each regional group is
shuffled and dealt in turn, the dealing carrying on where the previous one stopped: every
review group then holds its share of each regional group, to within one State.
"""

from __future__ import annotations

import random

from services.lots.domain.parties import StateParty


def divide(parties: list[StateParty], groups: int, *, seed: str,
           balance_regions: bool) -> list[list[str]]:
    """The codes of the States in each group, each list sorted."""
    if groups < 1:
        raise ValueError("at least one group")
    rng = random.Random(seed)
    if balance_regions:
        regions = sorted({p.regional_group or "" for p in parties})
        strata = [[p.code for p in parties if (p.regional_group or "") == r] for r in regions]
    else:
        strata = [[p.code for p in parties]]
    dealt: list[list[str]] = [[] for _ in range(groups)]
    position = rng.randrange(groups)  # which group receives the first card
    for stratum in strata:
        codes = sorted(stratum)
        rng.shuffle(codes)
        for code in codes:
            dealt[position % groups].append(code)
            position += 1
    return [sorted(group) for group in dealt]
