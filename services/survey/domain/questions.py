"""What a survey asks and what an answer may say, checked without a database.

A survey holds single-choice, multiple-choice and free-text questions (the note, paras
32-33). An answer is one State's reply to some or all of them; every problem it has is named
by its field, so the respondent can fix them all at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

SINGLE, MULTIPLE, TEXT = "single", "multiple", "text"
KINDS = (SINGLE, MULTIPLE, TEXT)
#: bounds that keep one answer small: the schemas refuse more with a 422
MAX_TEXT = 4000
MAX_QUESTIONS = 100
MAX_OPTIONS = 30


@dataclass(frozen=True)
class Option:
    id: int
    label: str
    #: how the note states a figure: "95 per cent of States <statement>"
    statement: str | None = None


@dataclass(frozen=True)
class Question:
    id: int
    kind: str
    text: str
    options: tuple[Option, ...] = ()
    required: bool = False


@dataclass(frozen=True)
class Given:
    """One question's part of an answer: the options chosen, or the text written."""

    question_id: int
    option_ids: tuple[int, ...] = ()
    text: str | None = None


def definition_problems(questions: Sequence[dict]) -> dict[str, str]:
    """A survey's questions as the secretariat writes them: a choice question needs two
    options at least, all different; a free-text question has none."""
    problems = {}
    for i, q in enumerate(questions):
        labels = [o["label"].strip().casefold() for o in q.get("options", ())]
        if q["kind"] == TEXT and labels:
            problems[f"questions.{i}.options"] = "a free-text question has no options"
        elif q["kind"] != TEXT and len(labels) < 2:
            problems[f"questions.{i}.options"] = "a choice question needs two options at least"
        elif len(set(labels)) != len(labels):
            problems[f"questions.{i}.options"] = "two options have the same label"
    return problems


def answer_problems(questions: Sequence[Question], given: Sequence[Given]) -> dict[str, str]:
    """Every problem of an answer, by field: a question not in the survey or answered twice,
    an option not of its question, one option for a single choice, text only where text is
    asked, and every required question answered."""
    by_id = {q.id: q for q in questions}
    problems: dict[str, str] = {}
    seen: set[int] = set()
    for i, part in enumerate(given):
        question = by_id.get(part.question_id)
        if question is None:
            problems[f"answers.{i}.question_id"] = (
                f"question {part.question_id} is not in this survey")
            continue
        if part.question_id in seen:
            problems[f"answers.{i}.question_id"] = (
                f"question {part.question_id} is answered twice")
        seen.add(part.question_id)
        problem = _part_problem(question, part)
        if problem:
            problems[f"answers.{i}.{problem[0]}"] = problem[1]
    missing = [q.id for q in questions if q.required and q.id not in seen]
    if missing:
        problems["answers"] = "required questions not answered: " + ", ".join(map(str, missing))
    return problems


def _part_problem(question: Question, part: Given) -> tuple[str, str] | None:
    if question.kind == TEXT:
        if part.option_ids:
            return "option_ids", f"question {question.id} asks for text, not options"
        if not (part.text or "").strip():
            return "text", f"question {question.id} asks for text"
        return None
    if part.text:
        return "text", f"question {question.id} asks for options, not text"
    known = {o.id for o in question.options}
    unknown = [o for o in part.option_ids if o not in known]
    if unknown:
        return "option_ids", (f"option {unknown[0]} is not an option of question "
                              f"{question.id}")
    if len(set(part.option_ids)) != len(part.option_ids):
        return "option_ids", "an option is chosen twice"
    if not part.option_ids:
        return "option_ids", f"question {question.id} needs an option chosen"
    if question.kind == SINGLE and len(part.option_ids) > 1:
        return "option_ids", f"question {question.id} takes one option only"
    return None
