"""A survey's results as aggregates, in the note's words (para. 32: "95 per cent of States
requested assistance on the operation of REVMOD ...").

Results count States, never name or rank one: each figure is how many of the States that
answered a question chose an option, and what per cent of them, overall and per regional
group. A count drawn from fewer than three States is hidden (as are its per cent and its
sentence), and so is every figure of a group or question fewer than three States answered,
so that no figure points at a State. Free-text answers are counted, never quoted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from services.survey.domain.questions import TEXT, Question

#: a count drawn from fewer States than this is hidden
SMALLEST_SHOWN = 3
REGIONAL_GROUPS = ("african", "asia_pacific", "eastern_european", "latin_american_caribbean",
                   "western_european_others")


@dataclass(frozen=True)
class Reply:
    """One State's answer in force: the options it chose, and the questions it wrote text to."""

    regional_group: str | None
    chosen: dict[int, frozenset[int]] = field(default_factory=dict)
    written: frozenset[int] = frozenset()

    def answered(self, question_id: int) -> bool:
        return question_id in self.chosen or question_id in self.written


def shown(count: int) -> int | None:
    return count if count >= SMALLEST_SHOWN else None


def per_cent(count: int, base: int) -> float:
    return round(100.0 * count / base, 1)


def per_cent_text(value: float) -> str:
    """"95", "65.2": as the note writes them."""
    return f"{value:.1f}".removesuffix(".0")


def sentence(value: float, statement: str | None, label: str, question: str) -> str:
    if statement:
        return f"{per_cent_text(value)} per cent of States {statement.strip().rstrip('.;')}"
    return f"{per_cent_text(value)} per cent of States answered \u201c{label}\u201d to " \
           f"\u201c{question}\u201d"


def option_figures(question: Question, replies: Sequence[Reply], words: bool) -> dict:
    answering = [r for r in replies if r.answered(question.id)]
    base = len(answering)
    figures: dict = {"states_answered": shown(base)}
    if question.kind == TEXT:
        return figures
    counts = Counter(o for r in answering for o in r.chosen.get(question.id, ()))
    options = []
    for option in question.options:
        count = counts[option.id]
        visible = base >= SMALLEST_SHOWN and count >= SMALLEST_SHOWN
        value = per_cent(count, base) if visible else None
        row = {"option_id": option.id, "label": option.label,
               "states": count if visible else None, "per_cent": value, "hidden": not visible}
        if words:
            row["sentence"] = (sentence(value, option.statement, option.label, question.text)
                               if visible else None)
        options.append(row)
    figures["options"] = options
    return figures


def question_results(question: Question, replies: Sequence[Reply]) -> dict:
    overall = option_figures(question, replies, words=True)
    groups = []
    for group in REGIONAL_GROUPS:
        members = [r for r in replies if r.regional_group == group]
        groups.append({"regional_group": group, **option_figures(question, members, False)})
    return {"question_id": question.id, "kind": question.kind, "text": question.text,
            **overall, "by_regional_group": groups}


def opening_sentence(replies: Sequence[Reply]) -> str:
    """"Responses were received from 46 States parties across all regional groups"."""
    count = len(replies)
    if count < SMALLEST_SHOWN:
        return "Responses were received from fewer than three States parties"
    groups = {r.regional_group for r in replies} & set(REGIONAL_GROUPS)
    across = ("all regional groups" if len(groups) == len(REGIONAL_GROUPS)
              else f"{len(groups)} of the {len(REGIONAL_GROUPS)} regional groups")
    return f"Responses were received from {count} States parties across {across}"


def tally(questions: Sequence[Question], replies: Sequence[Reply]) -> dict:
    """The whole survey's figures from the answers in force (one per State)."""
    return {"states_answered": shown(len(replies)),
            "summary": opening_sentence(replies),
            "questions": [question_results(q, replies) for q in questions]}
