"""What the rules need to know about one country review, and what a command does to it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Move:
    from_stage: str
    to_stage: str
    reason: str
    backward: bool = False


@dataclass(frozen=True)
class ReviewFacts:
    stage: str
    state_under_review: str
    reviewing_states: tuple[str, ...]
    #: States taking part that have an active focal point for this review
    focal_points: frozenset[str] = frozenset()
    consultation_held: bool = False
    #: a consultation was held and ended without agreement on the working languages
    #: (note, para. 27): the review waits at the stage until one agrees them
    consultation_without_agreement: bool = False
    languages: tuple[str, ...] = ()
    exceptional_reason: str | None = None
    #: the questions of the review's questionnaire (the questionnaire's commands fill it
    #: in, domain/questionnaire.py), and the questions answered
    questions: frozenset[str] = frozenset()
    answered: frozenset[str] = frozenset()
    questionnaire_submitted: bool = False
    feedback_from: frozenset[str] = frozenset()
    observation_versions: int = 0
    #: a version of the list of observations per article was adopted, and the review's
    #: articles ("instrument article") on which the latest adopted one says nothing; read
    #: only by the commands that move the review on to the summary
    list_adopted: bool = False
    unobserved_articles: tuple[str, ...] = ()
    summary_versions: int = 0
    #: languages whose translation of the latest summary version is done
    translated: frozenset[str] = frozenset()
    #: the group's start date: the review never starts before it
    starts_on: dt.date | None = None

    @property
    def participants(self) -> tuple[str, ...]:
        return (self.state_under_review, *self.reviewing_states)

    @property
    def missing_focal_points(self) -> tuple[str, ...]:
        return tuple(c for c in self.participants if c not in self.focal_points)


@dataclass(frozen=True)
class Outcome:
    facts: ReviewFacts
    move: Move | None = field(default=None)


@dataclass(frozen=True)
class Actor:
    """Who acts, as the request names them until tokens do (issue 7): a person or office,
    and their State party, or None for the secretariat and the system."""

    name: str
    state: str | None = None
