"""The commands on a review's list of observations per article (issue 19, item 3): a
reviewing State drafts a version, the State under review agrees with it (and says whether
its good practices may be published), and it is adopted on the day it happened, which
announces `ObservationsAdopted`. Each is one transaction; a refusal writes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from services.reviews.adapters.observations_orm import (
    NeedCategoryRow,
    ObservationItemRow,
    ObservationListRow,
)
from services.reviews.adapters.orm import ReviewRow
from services.reviews.adapters.repository import refusals
from services.reviews.adapters.unit_of_work import ReviewsUnitOfWork
from services.reviews.domain import lifecycle
from services.reviews.domain import observations as o
from services.reviews.domain import stages as s
from services.reviews.domain.dates import dated_after
from services.reviews.domain.facts import Actor
from services.reviews.domain.rules import Refused
from services.reviews.handlers.moves import make_move
from shared.context import ServiceContext
from shared.events import new_event


def draft_observations(ctx: ServiceContext, review_id: int, actor: Actor,
                       articles: Sequence[o.ArticleObservations],
                       on: dt.date | None = None) -> int:
    """A reviewing State drafts a new version of the list on the day `on`; return its
    number."""
    with ctx.uow() as uow, refusals():
        review = uow.review_for_update(review_id)
        o.check_open(review.stage)
        o.check_draft(articles, uow.observations.articles_of(review), uow.observations.categories(),
                      actor.state, review.reviewing_states)
        latest = uow.observations.latest(review.id)
        opened = max((day for stage, day in uow.stage_days(review.id)
                      if stage == s.LIST_OF_OBSERVATIONS), default=None)
        day = dated_after(on, ctx.clock.today(),
                          (opened, "the review's move to the list of observations"),
                          (latest and latest.drafted_on, "the list's previous version"))
        version = (latest.version if latest else 0) + 1
        uow.observations.add_version(ObservationListRow(
            review_id=review.id, version=version, status=o.DRAFTED, drafted_by=actor.name,
            drafter_state=actor.state, drafted_on=day, drafted_at=ctx.clock.now()), [
            ObservationItemRow(instrument=entry.instrument, article=entry.article,
                               kind=item.kind, category=item.category, text=item.text,
                               position=position)
            for position, (entry, item) in enumerate(
                (entry, item) for entry in articles for item in entry.items)])
        return version


def agree_observations(ctx: ServiceContext, review_id: int, actor: Actor, version: int,
                       good_practices_public: bool, on: dt.date | None) -> None:
    """The State under review agrees with the latest draft, on the day `on`."""
    with ctx.uow() as uow, refusals():
        review = uow.review_for_update(review_id)
        o.check_open(review.stage)
        latest = uow.observations.latest(review.id)
        o.check_agree(_rules_view(latest), version, actor.state, review.state_under_review)
        day = dated_after(on, ctx.clock.today(), (latest.drafted_on, "the draft agreed with"))
        latest.status, latest.agreed_by, latest.agreed_on = o.AGREED, actor.name, day
        latest.agreed_at, latest.good_practices_public = ctx.clock.now(), good_practices_public


def adopt_observations_list(ctx: ServiceContext, review_id: int, actor: Actor, version: int,
                            on: dt.date | None) -> None:
    """The agreed version is adopted on the day `on`; `ObservationsAdopted` goes out."""
    with ctx.uow() as uow, refusals():
        review = uow.review_for_update(review_id)
        o.check_open(review.stage)
        latest = uow.observations.latest(review.id)
        o.check_adopt(_rules_view(latest), version)
        today = ctx.clock.today()
        day = o.check_adopted_on(on or today, latest.agreed_on, today)
        now = ctx.clock.now()
        latest.status, latest.adopted_by, latest.adopted_on, latest.adopted_at = (
            o.ADOPTED, actor.name, day, now)
        items = uow.observations.items_of(latest.id)
        uow.record(new_event("ObservationsAdopted", {
            "review_id": review.id, "group_number": review.group_number,
            "phase": review.phase, "cluster": review.cluster,
            "state_under_review": review.state_under_review,
            "reviewing_states": list(review.reviewing_states),
            "version": latest.version, "adopted_on": day,
            "articles": sorted({f"{i.instrument} {i.article}" for i in items}),
            "good_practices_public": bool(latest.good_practices_public),
        }, now))
        _move_on_when_complete(ctx, uow, review, actor, day)


def list_coverage(uow: ReviewsUnitOfWork, review: ReviewRow) -> dict:
    """What the move to the summary needs to know of the list of observations per article:
    whether a version was adopted, and the review's articles the latest adopted one says
    nothing on (ReviewFacts.list_adopted and .unobserved_articles)."""
    adopted = uow.observations.latest_adopted(review.id)
    if adopted is None:
        return {"list_adopted": False, "unobserved_articles": ()}
    observed = {(i.instrument, i.article) for i in uow.observations.items_of(adopted.id)}
    return {"list_adopted": True, "unobserved_articles": o.unobserved(
        uow.observations.articles_of(review), observed)}


def _move_on_when_complete(ctx: ServiceContext, uow: ReviewsUnitOfWork, review: ReviewRow,
                           actor: Actor, day: dt.date) -> None:
    """The adoption of a list that covers every article reviewed moves the review on to
    the summary on the day it was adopted (a list adopted again later, at the summary or
    after, moves nothing; nor does one dated before the review's last stage change)."""
    if review.stage != s.LIST_OF_OBSERVATIONS or day < review.stage_entered_on:
        return
    facts = replace(uow.facts(review), **list_coverage(uow, review))
    if facts.unobserved_articles:
        return
    outcome = lifecycle.adopt_observations(facts, "list of observations per article adopted")
    make_move(uow, review, outcome.move, actor, ctx.clock.now(), ctx.settings.deadlines,
              on=day)


def add_need_category(ctx: ServiceContext, actor: Actor, code: str, label: str) -> None:
    """The secretariat adds a category of technical assistance."""
    with ctx.uow() as uow, refusals():
        if code in uow.observations.categories():
            raise Refused(f"the category {code} exists already", field="code",
                          conflict=True)
        uow.observations.add_category(NeedCategoryRow(
            code=code, label=label, added_by=actor.name, added_at=ctx.clock.now()))


def _rules_view(row: ObservationListRow | None) -> o.ListVersion | None:
    return None if row is None else o.ListVersion(row.version, row.status)


def observation_versions(ctx: ServiceContext, review_id: int) -> list[dict]:
    """Every version of the review's list, oldest first, its items grouped by article."""
    with ctx.uow() as uow:
        uow.review_for_update(review_id)
        versions = uow.observations.versions(review_id)
        out = []
        for row, items in versions:
            articles: dict[tuple[str, str], list] = {}
            for item in items:
                articles.setdefault((item.instrument, item.article), []).append(
                    {"kind": item.kind, "category": item.category, "text": item.text})
            out.append({**{c: getattr(row, c) for c in _VERSION_FIELDS},
                        "articles": [{"instrument": k[0], "article": k[1], "items": v}
                                     for k, v in articles.items()]})
        return out


def need_categories(ctx: ServiceContext) -> list[dict]:
    with ctx.uow() as uow:
        return [{"code": c, "label": label}
                for c, label in uow.observations.categories().items()]


_VERSION_FIELDS = ("version", "status", "drafted_by", "drafter_state", "drafted_on",
                   "drafted_at", "agreed_by", "agreed_on", "agreed_at", "good_practices_public",
                   "adopted_by", "adopted_on", "adopted_at")
