"""Hiding enough that no hidden count can be worked out from the counts shown (DOMAIN.md:
the mechanism produces no ranking of States, and aggregates drawn from fewer than three
reviews or States are not shown). Pure, shared by the reports that count: the survey's
results and the general report of trends.

A count drawn from fewer than three is hidden; but a hidden count that is the only unknown
part of a sum that is shown comes back by subtraction: one option of a single-choice question
hidden beside the number of States that answered it, or one regional group's count hidden
beside the count for all. So, for every sum a report holds (a single-choice question's options
add up to the States that answered it; each figure for all adds up the regional groups'), the
hidden parts of a total that is shown must be two at least and add up to three or more, and a
hidden total must keep a hidden part: else the smallest part still shown is hidden too (the
total, when no part is left to hide), until nothing changes (the secondary cell suppression
of statistical offices). A row whose total is hidden hides its parts, since a part's per
cent would give the total back. A sum that holds only as a bound (a State in no regional
group, counted in the total alone) is treated as exact: hiding on it errs on the safe side.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Mapping, Sequence

#: a count drawn from fewer States than this is hidden
SMALLEST_SHOWN = 3

Sum = tuple[Hashable, Sequence[Hashable]]


def hidden_counts(counts: Mapping[Hashable, int], sums: Sequence[Sum],
                  rows: Sequence[Sum] = (),
                  primary: Collection[Hashable] | None = None) -> set[Hashable]:
    """The keys of `counts` to hide: `primary` (by default those under three), and as
    many more as it takes for no hidden one to be found from the others and the `sums`
    (total, parts). `rows` are (total, parts) whose parts are shown only with their total
    (their per cents)."""
    hidden = set(primary) if primary is not None else {
        key for key, count in counts.items() if count < SMALLEST_SHOWN}
    changed = True
    while changed:
        changed = False
        for total, parts in rows:
            if total in hidden and not hidden.issuperset(parts):
                hidden.update(parts)
                changed = True
        for total, parts in sums:
            more = _to_hide(counts, hidden, total, parts)
            if more is not None:
                hidden.add(more)
                changed = True
    return hidden


def _to_hide(counts: Mapping[Hashable, int], hidden: set, total: Hashable,
             parts: Sequence[Hashable]):
    """The part to hide so that this sum gives no hidden count away, if one is needed."""
    shown = [p for p in parts if p not in hidden]
    kept = [p for p in parts if p in hidden]
    if total in hidden:  # a hidden total whose parts are all shown is their sum
        return None if kept or not shown else _smallest(counts, shown)
    if not kept or (len(kept) >= 2 and sum(counts[p] for p in kept) >= SMALLEST_SHOWN):
        return None
    # the smallest part shown; with none left, the total itself (a total of 0 or 1 shown
    # beside its hidden parts gives them all away)
    return _smallest(counts, shown) if shown else total


def _smallest(counts: Mapping[Hashable, int], keys: Sequence[Hashable]) -> Hashable:
    return min(keys, key=lambda key: (counts[key], str(key)))
