"""Checking the draws' part of a history bundle whole, before anything is written: what the
lines of meetings.csv, groups.csv, draws.csv and repetitions.csv mean together, and every
draw and repetition against the rules of the draw (as a result recorded at a meeting is:
a breach is refused unless the draw's line carries an exception_reason). What is already
recorded as the files say is left as it is; what is recorded otherwise is a problem."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from services.lots.adapters import repository
from services.lots.adapters.draw_history_csv import Line, recorded_review
from services.lots.adapters.unit_of_work import LotsUnitOfWork
from services.lots.domain.parties import StateParty, drawable_on, why_not_drawable
from services.lots.domain.recorded import RecordedReview
from services.lots.domain.rules import Rules
from services.lots.handlers.draw_history_repetitions import RepetitionPlan, check_repetitions
from services.lots.handlers.recorded_draws import check_result
from shared.bundle_csv import LineProblem


@dataclass
class GroupPlan:
    """A group in one phase as the files give it (it reads like a ReviewGroupRow)."""

    number: int
    phase: int
    cluster: int
    starts_on: dt.date
    states_under_review: list[str]
    reviewing_state_limits: dict = field(default_factory=dict)


@dataclass
class DrawPlan:
    group: GroupPlan
    meeting: str
    drawn_on: dt.date
    #: the reviews in force, as the file's repetitions are applied in turn
    reviews: dict[str, RecordedReview]
    lines: dict[str, Line]
    new: bool = True

    def __post_init__(self) -> None:
        #: the reviews as drawn, before any repetition
        self.drawn = tuple(self.reviews.values())


@dataclass
class Plan:
    meetings: list[Line] = field(default_factory=list)
    #: groups of groups.csv that draws.csv draws nothing for: created in phase 1
    groups: dict[tuple[int, int], GroupPlan] = field(default_factory=dict)
    draws: dict[tuple[int, int], DrawPlan] = field(default_factory=dict)
    repetitions: list[RepetitionPlan] = field(default_factory=list)
    unchanged: Counter = field(default_factory=Counter)
    problems: list[LineProblem] = field(default_factory=list)


def check_draw_history(uow: LotsUnitOfWork, lines: dict[str, list[Line]],
                       parties: Mapping[str, StateParty], rules: Rules,
                       max_repetitions: int) -> Plan:
    """What to write, and every problem of the files together (nothing is written if any)."""
    plan = Plan()
    held = _meetings(uow, lines["meetings.csv"], plan)
    members = _groups(uow, lines["groups.csv"], parties, plan)
    _draws(uow, lines["draws.csv"], members, held, parties, rules, plan)
    _undrawn_groups(uow, lines["groups.csv"], members, plan)
    check_repetitions(uow, lines["repetitions.csv"], held, parties, rules, max_repetitions,
                      plan)
    return plan


def _meetings(uow: LotsUnitOfWork, lines: list[Line], plan: Plan) -> dict[str, dt.date]:
    held = {m.name: m.held_on for m in uow.meetings()}
    registered = {m.name: m for m in uow.meetings()}
    seen: dict[str, int] = {}
    for line in lines:
        name = line.data["meeting"]
        if name in seen:
            plan.problems.append(line.problem("meeting", f"{name} is also on line {seen[name]}"))
            continue
        seen[name] = line.number
        row = registered.get(name)
        if row is None:
            plan.meetings.append(line)
            held[name] = line.data["held_on"]
        elif (row.title, row.held_on) != (line.data["title"], line.data["held_on"]):
            plan.problems.append(line.problem("title", f"{name} is registered as {row.title!r}"
                                              f", held on {row.held_on.isoformat()}"))
        else:
            plan.unchanged["meetings"] += 1
    return held


def _groups(uow: LotsUnitOfWork, lines: list[Line], parties: Mapping[str, StateParty],
            plan: Plan) -> dict[int, tuple[dt.date, list[str]]]:
    """Each group number's start and States, as groups.csv gives them."""
    members: dict[int, tuple[dt.date, list[str]]] = {}
    placed: dict[str, tuple[int, int]] = {}
    for line in lines:
        number, code, starts_on = (line.data[k] for k in ("group_number", "state_code",
                                                          "starts_on"))
        first = members.setdefault(number, (starts_on, []))
        if first[0] != starts_on:
            plan.problems.append(line.problem("starts_on", f"group {number} starts on "
                                              f"{first[0].isoformat()} on an earlier line"))
        elif code in placed:
            plan.problems.append(line.problem("state_code", f"{code} is already in group "
                                              f"{placed[code][0]} (line {placed[code][1]})"))
        elif why := why_not_drawable(parties.get(code), code, starts_on):
            plan.problems.append(line.problem("state_code", why))
        else:
            placed[code] = (number, line.number)
            first[1].append(code)
    return members


def _undrawn_groups(uow: LotsUnitOfWork, lines: list[Line], members: dict, plan: Plan
                    ) -> None:
    drawn = {number for number, _ in plan.draws}
    first_lines: dict[int, Line] = {}
    for line in lines:
        first_lines.setdefault(line.data["group_number"], line)
    for number, (starts_on, states) in members.items():
        if number in drawn:
            continue
        row = uow.group_numbered(number, 1)
        if row is None:
            plan.groups[(number, 1)] = GroupPlan(number, 1, 1, starts_on, list(states))
        elif (row.starts_on, sorted(row.states_under_review)) != (starts_on, sorted(states)):
            plan.problems.append(first_lines[number].problem("group_number", (
                f"group {number} is registered with other States or another start "
                f"({row.starts_on.isoformat()})")))
        else:
            plan.unchanged["groups"] += 1


def _draws(uow: LotsUnitOfWork, lines: list[Line], members: dict, held: dict[str, dt.date],
           parties: Mapping[str, StateParty], rules: Rules, plan: Plan) -> None:
    by_key: dict[tuple[int, int], list[Line]] = {}
    for line in lines:
        by_key.setdefault((line.data["group_number"], line.data["phase"]), []).append(line)
    outside: dict[int, set[tuple[str, str]]] = {}
    for key, group_lines in sorted(by_key.items(),
                                   key=lambda item: (item[1][0].data["drawn_on"], item[0])):
        draw = _draw_plan(uow, key, group_lines, members, held, plan)
        if draw is None:
            continue
        pairs = outside.setdefault(key[1], set(uow.phase_pairs(key[1])))
        if draw.new:
            for breach in check_result(draw.group, list(draw.reviews.values()), parties,
                                       pairs, rules):
                line = draw.lines.get(breach.state_under_review, group_lines[0])
                where = "state_under_review" if breach.rule == "states_under_review" \
                    else "reviewing_states"
                plan.problems.append(line.problem(where, f"{breach.rule}: {breach.detail}"))
        pairs |= {(r, s) for s, review in draw.reviews.items() for r in review.reviewers}
        plan.draws[key] = draw


def _draw_plan(uow: LotsUnitOfWork, key: tuple[int, int], lines: list[Line], members: dict,
               held: dict[str, dt.date], plan: Plan) -> DrawPlan | None:
    number, phase = key
    first = lines[0].data
    before = len(plan.problems)
    for line in lines[1:]:
        for name in ("cluster", "meeting", "drawn_on"):
            if line.data[name] != first[name]:
                plan.problems.append(line.problem(name, f"group {number}, phase {phase} is "
                                                  f"drawn with {first[name]} on line "
                                                  f"{lines[0].number}"))
    if first["meeting"] not in held:
        plan.problems.append(lines[0].problem("meeting", f"{first['meeting']} is neither in "
                                              "meetings.csv nor registered"))
    elif held[first["meeting"]] > first["drawn_on"]:
        plan.problems.append(lines[0].problem("drawn_on", f"{first['meeting']} was held on "
                                              f"{held[first['meeting']].isoformat()}, after"))
    group = _group_plan(uow, key, first["cluster"], members)
    if group is None:
        plan.problems.append(lines[0].problem("group_number", f"group {number} is neither in "
                                              "groups.csv nor registered"))
    seen: dict[str, Line] = {}
    for line in lines:
        code = line.data["state_under_review"]
        if code in seen:
            plan.problems.append(line.problem("state_under_review", f"{code} is also on line "
                                              f"{seen[code].number}"))
        seen.setdefault(code, line)
    if group is None or len(plan.problems) > before:
        return None
    draw = DrawPlan(group, first["meeting"], first["drawn_on"],
                    {c: recorded_review(line) for c, line in seen.items()}, seen)
    registered = uow.group_numbered(number, phase)
    if registered is not None and (registered.starts_on, sorted(
            registered.states_under_review)) != (group.starts_on, sorted(
            group.states_under_review)):
        plan.problems.append(lines[0].problem("group_number", (
            f"group {number}, phase {phase} is registered with other States or another "
            f"start ({registered.starts_on.isoformat()})")))
    elif registered is not None and registered.draw is not None:
        _compare(registered.draw, draw, lines[0], plan)
    return draw


def _group_plan(uow: LotsUnitOfWork, key: tuple[int, int], cluster: int, members: dict
                ) -> GroupPlan | None:
    number, phase = key
    if number in members:
        starts_on, states = members[number]
        return GroupPlan(number, phase, cluster, starts_on, list(states))
    row = uow.group_numbered(number, phase) or uow.group_numbered(number, 1)
    if row is None:
        return None
    return GroupPlan(number, phase, cluster, row.starts_on, list(row.states_under_review),
                     dict(row.reviewing_state_limits or {}))


def _compare(draw, plan_draw: DrawPlan, line: Line, plan: Plan) -> None:
    """A draw already recorded as the file says stays; one recorded otherwise is a problem."""
    recorded = {s: sorted(p.reviewer for p in placements)
                for s, placements in repository.draw_reviews(draw, draw.drawn_on).items()}
    given = {s: sorted(r.reviewers) for s, r in plan_draw.reviews.items()}
    if (recorded, draw.meeting, draw.drawn_on) != (given, plan_draw.meeting,
                                                    plan_draw.drawn_on):
        plan.problems.append(line.problem("group_number", f"group {plan_draw.group.number}, "
                                          f"phase {plan_draw.group.phase} is already drawn "
                                          f"otherwise (draw {draw.id})"))
    plan_draw.new = False
    plan.unchanged["draws"] += 1


def file_parties(registered: Mapping[str, StateParty], from_file) -> dict[str, StateParty]:
    """The parties the checks read: those registered, as parties.csv updates them."""
    return {**registered, **{p.code: p for p in from_file}}


def parties_for(group: GroupPlan, parties: Mapping[str, StateParty]) -> dict[str, StateParty]:
    return drawable_on(parties.values(), group.starts_on)
