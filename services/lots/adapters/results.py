"""The published results of the drawing of lots, as of any date (the note, para. 7): who
reviews whom in force at the end of that day, with every repetition made by then, as CSV
and as a printable HTML document."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import select

from services.lots.adapters import repository
from services.lots.adapters.orm import ReviewGroupRow, StatePartyRow
from shared.context import ServiceContext
from shared.web.csv_export import csv_text

PLACES = {"same_region": "same regional group", "other_region": "other regional group",
          "any_region": "any regional group", "additional": "additional"}
COLUMNS = ("group", "starts_on", "state_under_review", "state_under_review_name",
           "reviewing_state", "reviewing_state_name", "place", "instruments",
           "in_place_since", "replaced", "requested_by", "exceptional", "reason")


@dataclass
class Reviewer:
    code: str
    name: str
    place: str
    instruments: list[str]
    since: dt.date
    replaced: str | None = None
    requested_by: str | None = None
    exceptional: bool = False
    reason: str | None = None


@dataclass
class Review:
    state: str
    name: str
    reviewers: list[Reviewer] = field(default_factory=list)


@dataclass
class GroupResults:
    number: int
    starts_on: dt.date
    phase: int
    drawn_on: dt.date | None
    reviews: list[Review] = field(default_factory=list)


def results_as_of(ctx: ServiceContext, as_of: dt.date, group: int | None = None
                  ) -> list[GroupResults]:
    with ctx.session_factory() as session:
        names = {r.code: r.name for r in session.scalars(select(StatePartyRow))}
        query = select(ReviewGroupRow).order_by(ReviewGroupRow.number)
        if group is not None:
            query = query.where(ReviewGroupRow.number == group)
        return [_group_results(row, as_of, names) for row in session.scalars(query)]


def _group_results(group: ReviewGroupRow, as_of: dt.date, names: dict) -> GroupResults:
    draw = group.draw
    if draw is None or draw.drawn_on > as_of:
        return GroupResults(group.number, group.starts_on, group.phase, None)
    reps = repository.repetition_dicts(draw, as_of)
    result = GroupResults(group.number, group.starts_on, group.phase, draw.drawn_on)
    for state, placements in sorted(repository.draw_reviews(draw, as_of).items()):
        review = Review(state, names.get(state, state))
        for p in sorted(placements, key=lambda p: p.slot == "additional"):
            last = next((r for r in reversed(reps) if r["state_under_review"] == state
                         and r["replacement"] == p.reviewer), None)
            reviewer = Reviewer(p.reviewer, names.get(p.reviewer, p.reviewer),
                                PLACES.get(p.slot, p.slot), list(p.instruments),
                                draw.drawn_on)
            if last:
                reviewer.since = last["repeated_on"]
                reviewer.replaced, reviewer.requested_by = last["replaced"], last["requested_by"]
                reviewer.exceptional, reviewer.reason = last["exceptional"], last["reason"]
            review.reviewers.append(reviewer)
        result.reviews.append(review)
    return result


def to_csv(results: list[GroupResults]) -> str:
    return csv_text(COLUMNS, (
        [group.number, group.starts_on.isoformat(), review.state, review.name, r.code, r.name,
         r.place, ";".join(r.instruments), r.since.isoformat(), r.replaced, r.requested_by,
         "yes" if r.exceptional else "", r.reason]
        for group in results for review in group.reviews for r in review.reviewers))


def to_html(results: list[GroupResults], as_of: dt.date) -> str:
    env = Environment(loader=FileSystemLoader(Path(__file__).parent.parent / "templates"),
                      autoescape=select_autoescape(["html"]))
    return env.get_template("results.html").render(groups=results, as_of=as_of)
