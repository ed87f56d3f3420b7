"""A survey's results as aggregates, in the note's words (para. 32: "95 per cent of States
requested assistance on the operation of REVMOD ...").

Results count States, never name or rank one: each figure is how many of the States that
answered a question chose an option, and what per cent of them, overall and per regional
group. A count drawn from fewer than three States is hidden (as are its per cent and its
sentence), and so is every figure of a group or question fewer than three States answered,
and as many more as it takes for no hidden count to come back by subtraction
(shared/suppression.py), so that no figure points at a State. Free-text answers are
counted, never quoted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from services.survey.domain.questions import SINGLE, TEXT, Question
from shared.suppression import SMALLEST_SHOWN, hidden_counts

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


def _counts(question: Question, replies: Sequence[Reply]) -> dict[tuple, int]:
    """How many States answered the question, and chose each option, for all States
    (group None) and in each regional group: ("states", group) and (option id, group)."""
    counts: dict[tuple, int] = {}
    for group in (None, *REGIONAL_GROUPS):
        members = [r for r in replies if r.answered(question.id)
                   and (group is None or r.regional_group == group)]
        counts[("states", group)] = len(members)
        chosen = Counter(o for r in members for o in r.chosen.get(question.id, ()))
        for option in question.options:
            counts[(option.id, group)] = chosen[option.id]
    return counts


def _hidden(question: Question, counts: dict[tuple, int]) -> set[tuple]:
    """The counts to hide (shared/suppression.py): the options of a single choice add up to
    the States that answered, and each figure for all States adds up the groups'."""
    keys = ["states", *(o.id for o in question.options)]
    rows = [(("states", g), [(o.id, g) for o in question.options])
            for g in (None, *REGIONAL_GROUPS)]
    sums = [((key, None), [(key, g) for g in REGIONAL_GROUPS]) for key in keys]
    return hidden_counts(counts, sums + (rows if question.kind == SINGLE else []), rows)


def option_figures(question: Question, counts: dict[tuple, int], hidden: set[tuple],
                   group: str | None) -> dict:
    base = counts[("states", group)]
    figures: dict = {"states_answered": None if ("states", group) in hidden else base}
    if question.kind == TEXT:
        return figures
    options = []
    for option in question.options:
        count = counts[(option.id, group)]
        visible = (option.id, group) not in hidden
        value = per_cent(count, base) if visible else None
        row = {"option_id": option.id, "label": option.label,
               "states": count if visible else None, "per_cent": value, "hidden": not visible}
        if group is None:
            row["sentence"] = (sentence(value, option.statement, option.label, question.text)
                               if visible else None)
        options.append(row)
    figures["options"] = options
    return figures


def question_results(question: Question, replies: Sequence[Reply]) -> dict:
    counts = _counts(question, replies)
    hidden = _hidden(question, counts)
    groups = [{"regional_group": group, **option_figures(question, counts, hidden, group)}
              for group in REGIONAL_GROUPS]
    return {"question_id": question.id, "kind": question.kind, "text": question.text,
            **option_figures(question, counts, hidden, None), "by_regional_group": groups}


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
