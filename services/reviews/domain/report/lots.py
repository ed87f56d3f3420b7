"""The drawing of lots as of a date (the note's section II.A, paras. 4-7): the meetings at
which lots were drawn or a drawing repeated, how many States and reviews each group's
draw selected, and the repetitions granted at the States' request.

Counted from the reviews service's own copy of `LotsDrawn` and `DrawRepeated`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from services.reviews.domain.report.snapshot import Snapshot


def lots_figures(snapshot: Snapshot) -> dict:
    return {"meetings": _meetings(snapshot), "draws": [
        {"group_number": d.group_number, "phase": d.phase, "starts_on": d.starts_on,
         "meeting": d.meeting, "drawn_on": d.drawn_on, "states": d.states,
         "reviews": d.reviews} for d in snapshot.draws],
        "repetitions": _repetitions(snapshot)}


def _meetings(snapshot: Snapshot) -> list[dict]:
    """Each meeting (its name, if the events gave one, and its day), with the groups whose
    lots it drew and the repetitions it granted, in date order."""
    meetings: dict[tuple[dt.date, str | None], dict] = defaultdict(
        lambda: {"groups_drawn": [], "repetitions": 0})
    for d in snapshot.draws:
        meetings[(d.drawn_on, d.meeting)]["groups_drawn"].append(d.group_number)
    for r in snapshot.repetitions:
        meetings[(r.repeated_on, r.meeting)]["repetitions"] += 1
    return [{"meeting": name, "held_on": day, **meetings[(day, name)]}
            for day, name in sorted(meetings, key=lambda key: (key[0], key[1] or ""))]


def _repetitions(snapshot: Snapshot) -> dict:
    reps = snapshot.repetitions
    return {"granted": len(reps), "exceptional": sum(1 for r in reps if r.exceptional),
            "reviews": len({(r.group_number, r.state_under_review) for r in reps}),
            "states_requesting": len({r.requested_by for r in reps})}
