"""The list of observations per article (issue 19, item 3; note, para. 38): for each article
reviewed, the successes and good practices, the challenges in implementation, and the
technical assistance needs, each need in a category.

A list is drafted by the reviewing States (a new version each time, earlier ones kept),
agreed by the State under review (which says then whether its good practices may be
published: the general report of trends quotes only those), and adopted on the day it
happened. Only the articles of the review's cluster, for its instruments, may be observed,
and only in a category the secretariat keeps (the categories are data).

Pure rules: they raise `Refused` naming the field to fix.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from services.reviews.domain import stages as s
from services.reviews.domain.rules import Refused

SUCCESS, CHALLENGE, NEED = "success", "challenge", "need"
KINDS: tuple[str, ...] = (SUCCESS, CHALLENGE, NEED)
DRAFTED, AGREED, ADOPTED = "drafted", "agreed", "adopted"

#: the categories of technical assistance the issue names; the secretariat adds others
DEFAULT_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("legislative_assistance", "Legislative assistance"),
    ("capacity_building", "Capacity building"),
    ("institution_building", "Institution building"),
    ("data_collection", "Data collection"),
    ("international_cooperation", "International cooperation"),
    ("other", "Other"),
)
#: a list can be drafted, agreed and adopted once the review reaches the list of
#: observations, and corrected after (the secretariat records late, from paper)
OPEN_STAGES = frozenset({s.LIST_OF_OBSERVATIONS, s.SUMMARY, s.COMPLETED})


@dataclass(frozen=True)
class Item:
    kind: str
    text: str
    #: the need's category; None for successes and challenges
    category: str | None = None


@dataclass(frozen=True)
class ArticleObservations:
    instrument: str
    article: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class ListVersion:
    """What the rules need to know of the latest version of a review's list."""

    version: int
    status: str


def check_open(stage: str) -> None:
    if stage not in OPEN_STAGES:
        raise Refused(f"the review is at the stage {stage}: the list of observations is "
                      "written from the stage list_of_observations", field="stage",
                      conflict=True)


def check_draft(articles: Sequence[ArticleObservations], allowed: Collection[tuple[str, str]],
                categories: Collection[str], actor_state: str | None,
                reviewing_states: Sequence[str]) -> None:
    """A draft comes from a reviewing State, covers articles of the review, each once, and
    files each need in a known category."""
    if actor_state not in reviewing_states:
        raise Refused(f"{actor_state or 'the secretariat'} is not a reviewing State of the "
                      f"review ({', '.join(reviewing_states)}): only they draft the list",
                      field="actor_state")
    seen: set[tuple[str, str]] = set()
    for a, entry in enumerate(articles):
        key = (entry.instrument, entry.article)
        if key not in allowed:
            raise Refused(f"{entry.instrument} article {entry.article} is not among the "
                          "articles the review covers (its cluster and instruments)",
                          field=f"articles[{a}].article")
        if key in seen:
            raise Refused(f"{entry.instrument} article {entry.article} is given twice",
                          field=f"articles[{a}].article")
        seen.add(key)
        for n, item in enumerate(i for i in entry.items if i.kind == NEED):
            if item.category not in categories:
                raise Refused(f"{item.category!r} is not a category of technical assistance "
                              f"({', '.join(sorted(categories))})",
                              field=f"articles[{a}].needs[{n}].category")


def check_agree(latest: ListVersion | None, version: int, actor_state: str | None,
                state_under_review: str) -> None:
    """The State under review agrees with the latest draft, named by its number."""
    if actor_state != state_under_review:
        raise Refused(f"only the State under review ({state_under_review}) agrees with the "
                      "list of observations", field="actor_state")
    _check_latest(latest, version, DRAFTED, "agreed")


def check_adopt(latest: ListVersion | None, version: int) -> None:
    """The version adopted is the latest, agreed by the State under review."""
    _check_latest(latest, version, AGREED, "adopted")


def _check_latest(latest: ListVersion | None, version: int, wanted: str, verb: str) -> None:
    if latest is None:
        raise Refused("no list of observations has been drafted yet", field="version",
                      conflict=True)
    if version != latest.version:
        raise Refused(f"version {version} is not the latest ({latest.version}): only the "
                      f"latest is {verb}", field="version", conflict=True)
    if latest.status != wanted:
        raise Refused(f"version {version} is {latest.status}; it must be {wanted} to be "
                      f"{verb}", field="version", conflict=True)


def check_adopted_on(on: dt.date, agreed_on: dt.date, today: dt.date) -> dt.date:
    """Adopted on a day that has come, and not before the agreement."""
    if on > today:
        raise Refused(f"on {on.isoformat()} is after today ({today.isoformat()})",
                      field="on")
    if on < agreed_on:
        raise Refused(f"on {on.isoformat()} is before the agreement "
                      f"({agreed_on.isoformat()})", field="on")
    return on


def unobserved(articles: Collection[tuple[str, str]],
               observed: Collection[tuple[str, str]]) -> tuple[str, ...]:
    """The review's articles (instrument, article) on which a list says nothing, as
    "instrument article", in the order given."""
    return tuple(f"{instrument} {article}" for instrument, article in articles
                 if (instrument, article) not in observed)
