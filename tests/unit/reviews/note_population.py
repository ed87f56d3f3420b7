"""A snapshot shaped like the note of September 2022 (section II.C), built without a
database: group one with 62 reviews, group two with 63."""

from __future__ import annotations

import datetime as dt
import itertools

from services.reviews.domain import stages as s
from services.reviews.domain.report.snapshot import (
    ConsultationAsOf,
    PhaseAsOf,
    ReviewAsOf,
    Snapshot,
)

AS_OF = dt.date(2022, 9, 15)
GROUP_STARTS = {1: dt.date(2020, 12, 1), 2: dt.date(2021, 11, 1)}
#: (stage, how many, waiting reason) per group, as the note counts them (paras. 14-15, 21)
GROUPS = {
    1: [(s.PRELIMINARY_CONSULTATION, 6, None), (s.SELF_ASSESSMENT, 8, None),
        (s.WRITTEN_FEEDBACK, 17, None), (s.LIST_OF_OBSERVATIONS, 1, None),
        (s.WAITING_FOR_NOMINATIONS, 13, "under_review"),
        (s.WAITING_FOR_NOMINATIONS, 17, "reviewing")],
    2: [(s.PRELIMINARY_CONSULTATION, 11, None), (s.SELF_ASSESSMENT, 13, None),
        (s.WRITTEN_FEEDBACK, 2, None),
        (s.WAITING_FOR_NOMINATIONS, 16, "under_review"),
        (s.WAITING_FOR_NOMINATIONS, 21, "reviewing")],
}
#: the languages agreed by the reviews past the consultation (paras. 25-26)
LANGUAGES = ([("en",)] * 18 + [("es",)] * 2 + [("ar",)] + [("en", "ar")] * 4
             + [("en", "es")] * 3 + [("en", "fr")] * 3 + [("en", "zh")]
             + [("en", "fr", "es")])


def note_snapshot() -> Snapshot:
    snapshot = Snapshot(as_of=AS_OF)
    ids = itertools.count(1)
    codes = (f"{a}{b}{c}" for a, b, c in itertools.product("ABCDEFGHIJ", repeat=3))
    for group, rows in GROUPS.items():
        for stage, n, reason in rows:
            for _ in range(n):
                rid, sur, r1, r2 = next(ids), next(codes), next(codes), next(codes)
                snapshot.reviews.append(ReviewAsOf(rid, group, 1, 1, GROUP_STARTS[group], sur,
                                                   (r1, r2), stage))
                named = {"reviewing": {sur, r1}, "under_review": {r1, r2}}.get(
                    reason, {sur, r1, r2})
                snapshot.focal_points[rid] = snapshot.nominated[rid] = named
    started = [r for r in snapshot.reviews if s.is_past(r.stage, s.PRELIMINARY_CONSULTATION)]
    for review, languages in zip(started, LANGUAGES, strict=False):
        snapshot.consultations.append(ConsultationAsOf(review.id, languages, True, True))
    snapshot.phases = [PhaseAsOf(1, 1, 1, GROUP_STARTS[1], 62, None),
                       PhaseAsOf(2, 1, 1, GROUP_STARTS[2], 63, None)]
    return snapshot
