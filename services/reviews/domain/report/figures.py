"""The status report's figures, from a snapshot of the reviews as of a date (pure).

For each group and phase (the note, section II.C): how many reviews, how many advancing
and at each stage, how many not started and why, the consultations held, the working
languages agreed, and the completion against the 70 per cent rule; then the totals.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from services.reviews.domain import stages as s
from services.reviews.domain.phases import completion
from services.reviews.domain.report.languages import language_figures
from services.reviews.domain.report.snapshot import ConsultationAsOf, ReviewAsOf, Snapshot

UNDER_REVIEW, REVIEWING, ALL_NOMINATED = "under_review", "reviewing", "all_nominated"


def build_figures(snapshot: Snapshot, threshold: int, nominations: dict) -> dict:
    """The report as data; `nominations` is {"available", "detail", "figures"} as the
    nominations service answered (or did not)."""
    sections: dict[tuple[int, int], list[ReviewAsOf]] = {}
    for review in snapshot.reviews:
        sections.setdefault((review.group_number, review.phase), []).append(review)
    phases = {(p.group_number, p.phase): p for p in snapshot.phases}
    by_group = {g["group_number"]: g for g in (nominations.get("figures") or {}).get(
        "groups", [])}
    groups = []
    for key in sorted(sections):
        section = _section(snapshot, sections[key], snapshot.consultations)
        phase = phases.get(key)
        done = completion(phase.foreseen if phase else section["reviews"],
                          section["stages"][s.COMPLETED], threshold,
                          phase.override if phase else None, snapshot.as_of)
        section.update(group_number=key[0], phase=key[1], cluster=sections[key][0].cluster,
                       starts_on=sections[key][0].starts_on, completion=_completion(done),
                       nominations=by_group.get(key[0]))
        groups.append(section)
    return {"as_of": snapshot.as_of, "threshold": threshold, "groups": groups,
            "totals": _section(snapshot, snapshot.reviews, snapshot.consultations),
            "nominations": {**nominations, "totals": (nominations.get("figures") or {}).get(
                "totals")}}


def _section(snapshot: Snapshot, reviews: list[ReviewAsOf],
             consultations: Iterable[ConsultationAsOf]) -> dict:
    ids = {r.id for r in reviews}
    mine = [c for c in consultations if c.review_id in ids]
    stages = Counter(r.stage for r in reviews)
    waiting = [r for r in reviews if r.stage == s.WAITING_FOR_NOMINATIONS]
    return {
        "reviews": len(reviews),
        "advancing": sum(stages[stage] for stage in s.ADVANCING),
        "stages": {stage: stages[stage] for stage in s.STAGES},
        "not_started": _not_started(waiting, snapshot.focal_points),
        "states_taking_part": len({c for r in reviews for c in (r.state_under_review,
                                                                  *r.reviewing_states)}),
        "consultations": {
            "reviews": len({c.review_id for c in mine if c.current}),
            "facilitated_meetings": sum(1 for c in mine if c.facilitated),
        },
        "languages": language_figures([c.languages for c in mine if c.current]),
    }


def _not_started(waiting: list[ReviewAsOf], focal_points: dict[int, set[str]]) -> dict:
    """Why each waiting review has not started (note, para. 21): the State under review's
    focal point missing counts first; else one or both reviewing States'."""
    reasons = Counter(waiting_reason(r, focal_points.get(r.id, set())) for r in waiting)
    return {"reviews": len(waiting), UNDER_REVIEW: reasons[UNDER_REVIEW],
            REVIEWING: reasons[REVIEWING], ALL_NOMINATED: reasons[ALL_NOMINATED]}


def waiting_reason(review: ReviewAsOf, named: set[str]) -> str:
    if review.state_under_review not in named:
        return UNDER_REVIEW
    if any(code not in named for code in review.reviewing_states):
        return REVIEWING
    return ALL_NOMINATED


def _completion(done) -> dict:
    override = done.override
    return {
        "foreseen": done.foreseen, "completed": done.completed,
        "percentage": done.percentage, "threshold": done.threshold,
        "rule_met": done.rule_met, "may_advance": done.may_advance,
        "override": None if override is None else {
            "decided_by": override.decided_by, "reason": override.reason,
            "decided_on": override.decided_on},
    }
