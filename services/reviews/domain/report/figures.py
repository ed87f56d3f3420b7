"""The status report's figures, from a snapshot of the reviews as of a date (pure).

The drawing of lots (the note, section II.A); for each group and phase (section II.C):
how many reviews, how many advancing and at each stage, how many not started and why, the
States with and without a focal point, the consultations held (with or without agreement
on the working languages), the languages agreed, the phase's end date with the reviews
still open on it, and the completion against the 70 per cent rule; then the totals.
"""

from __future__ import annotations

from collections import Counter

from services.reviews.domain import stages as s
from services.reviews.domain.phases import completion, phase_end
from services.reviews.domain.report.focal_points import focal_point_figures, nominating_groups
from services.reviews.domain.report.languages import language_figures
from services.reviews.domain.report.lots import lots_figures
from services.reviews.domain.report.snapshot import PhaseAsOf, ReviewAsOf, Snapshot

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
    first_groups = nominating_groups(snapshot)
    groups = []
    for key in sorted(sections):
        reviews, phase = sections[key], phases.get(key)
        section = _section(snapshot, reviews, first_groups, key[0])
        done = completion(phase.foreseen if phase else section["reviews"],
                          section["stages"][s.COMPLETED], threshold,
                          phase.override if phase else None, snapshot.as_of)
        section.update(group_number=key[0], phase=key[1], cluster=reviews[0].cluster,
                       starts_on=reviews[0].starts_on, completion=_completion(done),
                       end=_end(snapshot, reviews, phase), nominations=by_group.get(key[0]))
        groups.append(section)
    return {"as_of": snapshot.as_of, "threshold": threshold, "lots": lots_figures(snapshot),
            "groups": groups, "totals": _section(snapshot, snapshot.reviews, first_groups,
                                                 None),
            "nominations": {**nominations, "totals": (nominations.get("figures") or {}).get(
                "totals")}}


def _section(snapshot: Snapshot, reviews: list[ReviewAsOf], first_groups: dict[str, int],
             group_number: int | None) -> dict:
    stages = Counter(r.stage for r in reviews)
    waiting = [r for r in reviews if r.stage == s.WAITING_FOR_NOMINATIONS]
    agreed, without_agreement, meetings = _consultations(snapshot, {r.id for r in reviews})
    return {
        "reviews": len(reviews),
        "advancing": sum(stages[stage] for stage in s.ADVANCING),
        "stages": {stage: stages[stage] for stage in s.STAGES},
        "not_started": _not_started(waiting, snapshot.focal_points),
        "states_taking_part": len({c for r in reviews for c in (r.state_under_review,
                                                                  *r.reviewing_states)}),
        "focal_points": focal_point_figures(snapshot, reviews, first_groups, group_number),
        "consultations": {"reviews": len(agreed) + without_agreement,
                          "without_agreement": without_agreement,
                          "facilitated_meetings": meetings},
        "languages": language_figures(agreed, without_agreement),
    }


def _consultations(snapshot: Snapshot, ids: set[int]) -> tuple[list, int, int]:
    """The languages each review agreed at its consultation in force, how many reviews
    held theirs without agreeing (and agreed at no later one), and the meetings that the
    secretariat facilitated, superseded ones included (they were held)."""
    agreed: dict[int, tuple[str, ...]] = {}
    disagreed: set[int] = set()
    meetings = 0
    for c in snapshot.consultations:
        if c.review_id not in ids:
            continue
        meetings += c.facilitated
        if c.current and c.agreed:
            agreed[c.review_id] = c.languages
        elif c.current:
            disagreed.add(c.review_id)
    return list(agreed.values()), len(disagreed - agreed.keys()), meetings


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


def _end(snapshot: Snapshot, reviews: list[ReviewAsOf], phase: PhaseAsOf | None) -> dict:
    """The phase's end (note, para. 16) and the reviews still open on it: on the end day
    once it has passed, else on the report's date."""
    decision = phase.end_decision if phase else None
    ends_on = phase_end(reviews[0].starts_on, decision, snapshot.as_of)
    day = min(ends_on, snapshot.as_of)
    still_open = sum(1 for r in reviews if r.completed_on is None or r.completed_on > day)
    known = decision if decision is not None and decision.decided_on <= snapshot.as_of else None
    return {"ends_on": ends_on, "ended": ends_on <= snapshot.as_of, "open": still_open,
            "decision": None if known is None else {
                "ends_on": known.ends_on, "reason": known.reason,
                "decided_on": known.decided_on}}


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
