"""The repetitions of a history bundle's draws (repetitions.csv), checked in the order they
were made against the reviews in force then: the State replaced reviews, the one who asked
may ask, the replacement keeps every rule the review kept (a breach the draw's line excused
stays excused), and beyond the repetitions allowed only an exceptional one, with a reason.
What is already recorded as the file says is left alone."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from services.lots.adapters.draw_history_csv import Line
from services.lots.adapters.unit_of_work import LotsUnitOfWork
from services.lots.domain.parties import StateParty, drawable_on, why_not_drawable
from services.lots.domain.recorded import RecordedReview, breaches, picks_of
from services.lots.domain.rules import Rules

if TYPE_CHECKING:
    from services.lots.handlers.draw_history_checks import DrawPlan, Plan


@dataclass
class RepetitionPlan:
    key: tuple[int, int]
    line: Line
    slot: str
    instruments: tuple[str, ...]
    request_count: int


def check_repetitions(uow: LotsUnitOfWork, lines: list[Line], held: dict[str, dt.date],
                      parties: Mapping[str, StateParty], rules: Rules, max_repetitions: int,
                      plan: Plan) -> None:
    requests: Counter = Counter()
    for line in sorted(lines, key=lambda line: line.data["repeated_on"]):
        data = line.data
        key = (data["group_number"], data["phase"])
        draw = plan.draws.get(key)
        if draw is None:
            plan.problems.append(line.problem("group_number", f"group {key[0]}, phase {key[1]}"
                                              " has no draw in draws.csv"))
            continue
        found = _repetition_problems(line, draw, held, parties, rules,
                                     _outside_pairs(uow, plan, key))
        if found:
            plan.problems += [line.problem(name, reason) for name, reason in found]
            continue
        if not draw.new and uow.repetition_recorded(key, data):
            draw.reviews[data["state_under_review"]] = _swapped(
                draw.reviews[data["state_under_review"]], data["replaced"], data["replacement"])
            plan.unchanged["repetitions"] += 1
            continue
        requests[(key[1], data["requested_by"])] += 1
        count = requests[(key[1], data["requested_by"])] + uow.requests_in_phase(
            key[1], data["requested_by"])
        if count > max_repetitions and not data["exceptional"]:
            plan.problems.append(line.problem("exceptional", (
                f"{data['requested_by']} asks for repetition {count} in phase {key[1]}; "
                f"beyond {max_repetitions} only an exceptional one, with its reason")))
            continue
        _apply(draw, line, count, parties, plan)


def _outside_pairs(uow: LotsUnitOfWork, plan: Plan, key: tuple[int, int]
                   ) -> set[tuple[str, str]]:
    """The (reviewer, reviewed) pairs of the phase's other draws, registered or in the file."""
    registered = uow.group_numbered(*key)
    same = registered.draw.id if registered is not None and registered.draw else None
    return uow.phase_pairs(key[1], except_draw=same) | {
        (r, s) for k, other in plan.draws.items() if k != key and k[1] == key[1]
        for s, review in other.reviews.items() for r in review.reviewers}


def _repetition_problems(line: Line, draw: DrawPlan, held: dict[str, dt.date],
                         parties: Mapping[str, StateParty], rules: Rules,
                         outside: set[tuple[str, str]]) -> list[tuple[str, str]]:
    data = line.data
    state, old, new = data["state_under_review"], data["replaced"], data["replacement"]
    review = draw.reviews.get(state)
    if review is None:
        return [("state_under_review", f"{state} is not under review in that draw")]
    if data["meeting"] not in held:
        return [("meeting", f"{data['meeting']} is neither in meetings.csv nor registered")]
    if data["repeated_on"] < max(draw.drawn_on, held[data["meeting"]]):
        return [("repeated_on", "before the draw or its meeting")]
    if old not in review.reviewers:
        return [("replaced", f"{old} does not review {state} then")]
    if data["requested_by"] not in (state, *review.reviewers):
        return [("requested_by", f"only {state} or one of its reviewing States may ask")]
    if data["exceptional"] and not (data["reason"] or "").strip():
        return [("reason", "an exceptional redraw needs a reason")]
    drawable = drawable_on(parties.values(), draw.group.starts_on)
    if why := why_not_drawable(parties.get(new), new, draw.group.starts_on):
        return [("replacement", why)]
    after = {**draw.reviews, state: _swapped(review, old, new)}
    load = sum(new in r.reviewers for r in after.values())
    if load > rules.max_per_reviewer:
        return [("replacement", f"max_reviews_per_reviewer: {new} would review {load} States "
                 f"of the group; at most {rules.max_per_reviewer}")]
    broken_before = {b.rule for b in breaches(list(draw.reviews.values()), drawable, outside,
                                               rules) if b.state_under_review == state}
    return [("replacement", f"{b.rule}: {b.detail}")
            for b in breaches(list(after.values()), drawable, outside, rules)
            if b.state_under_review == state and b.rule != "max_reviews_per_reviewer"
            and b.rule not in broken_before]


def _swapped(review: RecordedReview, old: str, new: str) -> RecordedReview:
    if old in review.reviewing_states:
        return replace(review, reviewing_states=tuple(
            new if r == old else r for r in review.reviewing_states))
    return replace(review, additional_reviewers={
        (new if r == old else r): i for r, i in review.additional_reviewers.items()})


def _apply(draw: DrawPlan, line: Line, count: int, parties: Mapping[str, StateParty],
           plan: Plan) -> None:
    """The repetition applied to the review in force, and to be written."""
    data = line.data
    state, old = data["state_under_review"], data["replaced"]
    review = draw.reviews[state]
    place = next(p for p in picks_of(review, drawable_on(parties.values(), draw.group.starts_on))
                 if p.reviewer == old)
    slot, instruments = place.slot, place.instruments
    draw.reviews[state] = _swapped(review, old, data["replacement"])
    plan.repetitions.append(RepetitionPlan((draw.group.number, draw.group.phase), line, slot,
                                           instruments, count))
