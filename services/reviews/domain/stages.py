"""The stages of a country review, in the order a review passes through them.

DOMAIN.md, "Country review stages": a review waits for the focal points of its three
States, then goes through the preliminary consultation, the self-assessment
questionnaire, written feedback, the list of observations and the summary.
"""

from __future__ import annotations

WAITING_FOR_NOMINATIONS = "waiting_for_nominations"
PRELIMINARY_CONSULTATION = "preliminary_consultation"
SELF_ASSESSMENT = "self_assessment"
WRITTEN_FEEDBACK = "written_feedback"
LIST_OF_OBSERVATIONS = "list_of_observations"
SUMMARY = "summary"
COMPLETED = "completed"

#: every stage, in order; the API validates stage filters against this
STAGES: tuple[str, ...] = (
    WAITING_FOR_NOMINATIONS,
    PRELIMINARY_CONSULTATION,
    SELF_ASSESSMENT,
    WRITTEN_FEEDBACK,
    LIST_OF_OBSERVATIONS,
    SUMMARY,
    COMPLETED,
)

#: where every review starts: nothing can begin before the focal points are known
FIRST_STAGE = WAITING_FOR_NOMINATIONS

#: the stages of a review that has started and is not finished (the note's "advancing")
ADVANCING: tuple[str, ...] = STAGES[1:-1]


def position(stage: str) -> int:
    """Where `stage` stands in the order (0 for the first); unknown stages raise."""
    return STAGES.index(stage)


def next_stage(stage: str) -> str | None:
    """The stage that follows `stage`, or None after the last."""
    i = position(stage)
    return STAGES[i + 1] if i + 1 < len(STAGES) else None


def previous_stage(stage: str) -> str | None:
    """The stage before `stage`, or None for the first."""
    i = position(stage)
    return STAGES[i - 1] if i > 0 else None


def is_past(stage: str, milestone: str) -> bool:
    """The review at `stage` has gone beyond `milestone`."""
    return position(stage) > position(milestone)
