"""What a person may be offered to do on a review, and what is still theirs to do.

The reviews service decides every write (its rules and access checks); the portal reads the
same rules only to offer the forms a person's role and State can use at the review's stage,
and to list their open tasks on the home page. A form it offers by mistake is refused by
the service, whose reason the page shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from services.portal.domain.claims import Viewer
from services.portal.domain.labels import parse_day
from services.portal.domain.tables import days_overdue

#: the State under review may answer while the consultation is pending (note, para. 20)
ANSWER_STAGES = ("waiting_for_nominations", "preliminary_consultation", "self_assessment")
REPLY_STAGES = ("written_feedback", "list_of_observations")
#: the list of observations is written from its stage on (corrections recorded late too)
LIST_STAGES = ("list_of_observations", "summary", "completed")
#: the roles of a State that write; an observer reads only
WRITERS = ("focal_point", "expert")

ANSWER, SUBMIT, FEEDBACK, SEND_FEEDBACK, REPLY, DRAFT, AGREE, ADOPT, SUMMARY = (
    "answer", "submit", "feedback", "send_feedback", "reply", "draft", "agree", "adopt",
    "summary")


def writes_for_state(viewer: Viewer) -> bool:
    return viewer.role in WRITERS and viewer.state is not None


def under_review(viewer: Viewer, review: Mapping) -> bool:
    return writes_for_state(viewer) and viewer.state == review["state_under_review"]


def reviewing(viewer: Viewer, review: Mapping) -> bool:
    return writes_for_state(viewer) and viewer.state in review.get("reviewing_states", ())


def may_answer(viewer: Viewer, review: Mapping) -> bool:
    return under_review(viewer, review) and review["stage"] in ANSWER_STAGES


def may_submit(viewer: Viewer, review: Mapping) -> bool:
    return under_review(viewer, review) and review["stage"] == "self_assessment"


def may_give_feedback(viewer: Viewer, review: Mapping) -> bool:
    return reviewing(viewer, review) and review["stage"] == "written_feedback"


def may_send_feedback(viewer: Viewer, review: Mapping) -> bool:
    """The reviewing State's written feedback as a whole, which ends the stage when the last
    reviewing State has sent its own."""
    return may_give_feedback(viewer, review) and viewer.state not in review.get(
        "feedback_from", ())


def may_reply(viewer: Viewer, review: Mapping) -> bool:
    return under_review(viewer, review) and review["stage"] in REPLY_STAGES


def may_draft(viewer: Viewer, review: Mapping) -> bool:
    return reviewing(viewer, review) and review["stage"] in LIST_STAGES


def may_agree(viewer: Viewer, review: Mapping, latest: Mapping | None) -> bool:
    return (under_review(viewer, review) and review["stage"] in LIST_STAGES
            and latest is not None and latest.get("status") == "drafted")


def may_adopt(viewer: Viewer, review: Mapping, latest: Mapping | None) -> bool:
    return (viewer.may_act and review["stage"] in LIST_STAGES
            and latest is not None and latest.get("status") == "agreed")


def may_move_to_summary(viewer: Viewer, review: Mapping, latest: Mapping | None) -> bool:
    """Adopting a list that covers every article reviewed moves the review on by itself;
    the secretariat moves it on by hand after a send-back (the service says which articles
    a list adopted leaves out)."""
    return (viewer.may_act and review["stage"] == "list_of_observations"
            and latest is not None and latest.get("status") == "adopted")


def may_write_summary(viewer: Viewer, review: Mapping) -> bool:
    return viewer.may_act and review["stage"] == "summary"


@dataclass(frozen=True)
class Task:
    review_id: int
    state_under_review: str
    kind: str
    #: how many items wait (questions unanswered, feedback without a reply), where it counts
    count: int
    deadline: dt.date | None
    overdue: int


def open_replies(feedback: Iterable[Mapping]) -> int:
    """The items of feedback that have no reply yet."""
    return sum(1 for item in feedback if not item.get("replies"))


def tasks_of(viewer: Viewer, review: Mapping, today: dt.date,
             feedback: Iterable[Mapping] | None = None,
             latest: Mapping | None = None) -> list[Task]:
    """What is still the viewer's to do on one review (its detail), given the review's
    feedback per question and its latest list of observations where the caller read them."""
    deadline = parse_day(review.get("deadline"))
    overdue = days_overdue(deadline, review["stage"], today)

    def task(kind: str, count: int = 0) -> Task:
        return Task(review["id"], review["state_under_review"], kind, count, deadline,
                    overdue)

    found: list[Task] = []
    unanswered = max(0, int(review.get("questions") or 0) - int(review.get("answered") or 0))
    if may_answer(viewer, review) and unanswered:
        found.append(task(ANSWER, unanswered))
    elif may_submit(viewer, review):
        found.append(task(SUBMIT))
    if may_reply(viewer, review) and (waiting := open_replies(feedback or ())):
        found.append(task(REPLY, waiting))
    if may_send_feedback(viewer, review):
        found.append(task(FEEDBACK))
    # an adopted list that leaves an article out keeps the review at its list (the reviews
    # service moves it on when the list adopted covers every article): drafting goes on
    if may_draft(viewer, review) and review["stage"] == "list_of_observations" and (
            latest is None or latest.get("status") != "agreed"):
        found.append(task(DRAFT))
    if may_agree(viewer, review, latest):
        found.append(task(AGREE))
    if may_adopt(viewer, review, latest):
        found.append(task(ADOPT))
    if may_write_summary(viewer, review):
        found.append(task(SUMMARY))
    return found


def needs_feedback_read(viewer: Viewer, review: Mapping) -> bool:
    """Whether the tasks of this review depend on its feedback per question."""
    return may_reply(viewer, review)


def needs_list_read(viewer: Viewer, review: Mapping) -> bool:
    """Whether the tasks of this review depend on its latest list of observations."""
    return review["stage"] == "list_of_observations" and (
        under_review(viewer, review) or reviewing(viewer, review) or viewer.may_act)
