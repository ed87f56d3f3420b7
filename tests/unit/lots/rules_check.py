"""An independent statement of the draw's rules, for the tests: a checker of any draw, and an
exhaustive search (tiny populations only) that says whether any draw at all exists.

Written apart from services/lots/domain on purpose, in the plainest way, so that the tests
do not share the draw's own mistakes.
"""

from __future__ import annotations

from collections import Counter

from services.lots.domain.parties import StateParty


def violations(picks, under_review, parties, forbidden=(), cap=2, limits=None, limit=4):
    """Every rule a draw breaks (empty if it keeps them all)."""
    by = {p.code: p for p in parties}
    limits = limits or {}
    found = []
    pairs = Counter((p.chosen, p.state_under_review) for p in picks)
    for state in under_review:
        mine = [p for p in picks if p.state_under_review == state.code]
        found += _state_violations(state, mine, by, limits.get(state.code, limit))
    for (reviewer, reviewed), n in pairs.items():
        if n > 1:
            found.append(f"{reviewer} reviews {reviewed} twice")
        if (reviewed, reviewer) in pairs or (reviewed, reviewer) in set(forbidden):
            found.append(f"{reviewer} and {reviewed} review each other")
        if (reviewer, reviewed) in set(forbidden):
            found.append(f"{reviewer} already reviews {reviewed} in the phase")
    for reviewer, n in Counter(p.chosen for p in picks).items():
        if n > cap:
            found.append(f"{reviewer} drawn {n} times")
    return found


def _state_violations(state: StateParty, mine, by, limit) -> list[str]:
    found = []
    mains = [p for p in mine if p.slot != "additional"]
    chosen = [p.chosen for p in mine]
    if len(mains) != 2 or len(set(chosen)) != len(chosen) or state.code in chosen:
        found.append(f"{state.code} has reviewers {chosen}")
    if len(chosen) > limit:
        found.append(f"{state.code} has {len(chosen)} reviewing States")
    regions = sorted(by[m.chosen].regional_group == state.regional_group for m in mains)
    if state.regional_group is not None and regions != [False, True]:
        found.append(f"{state.code}: not one reviewer of its group and one of another")
    for main in mains:
        gap = set(state.instruments) - set(by[main.chosen].instruments)
        extra = [p for p in mine if p.slot == "additional" and p.completes == main.chosen]
        if gap and (len(extra) != 1 or set(extra[0].instruments) != gap
                    or not gap <= set(by[extra[0].chosen].instruments)):
            found.append(f"{state.code}: gap {sorted(gap)} of {main.chosen} not filled")
        if not gap and extra:
            found.append(f"{state.code}: additional reviewer without a gap")
    for pick in mine:
        if pick.chosen not in pick.pool:
            found.append(f"{pick.chosen} not in its pool")
    return found


def any_draw_exists(under_review, parties, forbidden=(), cap=2, limit=4) -> bool:
    """Exhaustive: is there any assignment that keeps every rule?"""
    by = {p.code: p for p in parties}
    bad = set(forbidden) | {(b, a) for a, b in forbidden}
    load: Counter = Counter()
    pairs: set[tuple[str, str]] = set()

    def ok(reviewer, state, taken):
        return (reviewer != state.code and reviewer not in taken and load[reviewer] < cap
                and (reviewer, state.code) not in bad and (state.code, reviewer) not in pairs)

    def places(state):
        if state.regional_group is None:
            return [lambda r: True, lambda r: True]
        return [lambda r: by[r].regional_group == state.regional_group,
                lambda r: by[r].regional_group != state.regional_group]

    def hopeless(states):
        """Some State left has a place no reviewer may take any more (prunes the search)."""
        return any(not any(place(r) and ok(r, state, []) for r in by)
                   for state in states for place in places(state))

    def fill(states, index, taken):
        if not states:
            return True
        if index == 0 and hopeless(states):
            return False
        state = states[0]
        if index == 2:
            return fill(states[1:], 0, [])
        for reviewer in sorted(by):
            fits = places(state)[index](reviewer) and (
                "convention" not in state.instruments or "convention" in by[reviewer].instruments)
            if not fits or not ok(reviewer, state, taken):
                continue
            gap = set(state.instruments) - set(by[reviewer].instruments)
            for extra in _extras(state, gap, reviewer, by, taken, ok):
                if len(taken) + 1 + (extra is not None) + (2 - index - 1) > limit:
                    continue
                chosen = [reviewer] + ([extra] if extra else [])
                for r in chosen:
                    load[r] += 1
                    pairs.add((r, state.code))
                if fill(states, index + 1, taken + chosen):
                    return True
                for r in chosen:
                    load[r] -= 1
                    pairs.discard((r, state.code))
        return False

    return fill(sorted(under_review, key=lambda s: s.code), 0, [])


def _extras(state, gap, reviewer, by, taken, ok):
    if not gap:
        yield None
        return
    for extra in sorted(by):
        if (extra != reviewer and gap <= set(by[extra].instruments)
                and ok(extra, state, [*taken, reviewer])):
            yield extra
