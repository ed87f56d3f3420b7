"""Every template in every language, in every branch it has: nothing missing (StrictUndefined),
no template syntax or English left in another language's body, dates written the language's
way, Arabic right-to-left, and the HTML part escaped."""

from __future__ import annotations

import itertools
import re

import pytest
from jinja2 import UndefinedError

from services.notifications.domain import i18n
from services.notifications.domain.letters import KINDS, render, wrap
from services.notifications.domain.samples import SAMPLE_NAMES, sample

LANGUAGES = i18n.LANGUAGES
STAGES = ("waiting_for_nominations", "preliminary_consultation", "self_assessment",
          "written_feedback", "list_of_observations", "summary", "completed")
ROLES, CAPACITIES = ("focal_point", "expert", "observer"), ("under_review", "reviewing")
ENGLISH_WORDS = re.compile(r"\b(the|and|of|has|which|is|to|with|by)\b")


def variants(kind: str) -> list[dict]:
    """The sample, and one context for each branch the template takes."""
    base = sample(kind)
    if kind == "nomination_missing":
        grid = itertools.product(ROLES, CAPACITIES, (1, 3), (1, 20))
        return [{**base, "role": r, "capacity": c, "reminder": k, "days_overdue": n}
                for r, c, k, n in grid]
    if kind == "nomination_due":
        grid = itertools.product(ROLES, CAPACITIES, (0, 1, 7))
        return [{**base, "role": r, "capacity": c, "days_left": n} for r, c, n in grid]
    if kind == "lots_drawn":
        return [base, {**base, "reviewed_by": []}, {**base, "reviewer_of": []}]
    if kind == "draw_repeated":
        grid = itertools.product(("replacement", "replaced", "under_review"), (False, True))
        return [{**base, "position": p, "exceptional": e} for p, e in grid]
    if kind == "stage_changed":
        grid = itertools.product(STAGES, (None, "written_feedback"), (None, base["deadline"]),
                                 CAPACITIES)
        return [{**base, "to_stage": t, "from_stage": f, "deadline": d, "capacity": c}
                for t, f, d, c in grid]
    if kind == "stage_deadline":
        grid = itertools.product(STAGES, (-3, 0, 5), (1, 2))
        return [{**base, "stage": s, "days": n, "reminder": k} for s, n, k in grid]
    if kind == "account_link":
        return [base, {**base, "purpose": "reset"}]
    if kind == "survey":
        return [base, *({**base, "reminder": True, "days_left": n} for n in (0, 1, 7))]
    if kind == "review_content":
        grid = itertools.product(("answers_submitted", "feedback_given", "observations_adopted"),
                                 ("comment", "clarification_request"), CAPACITIES)
        return [{**base, "fact": f, "feedback_kind": k, "capacity": c} for f, k, c in grid]
    entries = [{**base["entries"][2], "stage": s} for s in STAGES]
    return [base, {**base, "entries": base["entries"][:2] + entries}]


CASES = [(kind, i, context) for kind in KINDS for i, context in enumerate(variants(kind))]


def words(text: str) -> str:
    return " ".join(re.findall(r"[a-z]+", text.lower()))


def four_grams(text: str) -> set[str]:
    tokens = words(text).split()
    return {" ".join(tokens[i:i + 4]) for i in range(len(tokens) - 3)}


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("kind,index,context", CASES, ids=[f"{k}-{i}" for k, i, _ in CASES])
def test_every_template_renders_in_every_language_with_nothing_missing_or_left_over(
        kind, index, context):
    english = render(kind, "en", context, SAMPLE_NAMES)
    # the link of an account's letter, a survey's title and a question's id are data, the
    # same in every language
    text = words(english.body)
    for data in filter(None, (context.get(k) for k in ("link", "title", "question_id"))):
        text = text.replace(words(data), " ")
    english_phrases = four_grams(text)
    for lang in LANGUAGES:
        letter = render(kind, lang, context, SAMPLE_NAMES)
        assert letter.language == lang
        for text in (letter.subject, letter.body, letter.html):
            assert not re.search(r"\{\{|\}\}|\{%|%\}|\{#|\bNone\b|Undefined", text), text
        assert "\n" not in letter.subject and letter.subject.strip() == letter.subject
        assert i18n.long_date(context["as_of"], lang).split()[0] in letter.body
        assert flat(i18n.long_date(context["as_of"], lang)) in flat(letter.body)
        assert f'<html lang="{lang}" dir="{i18n.direction(lang)}">' in letter.html
        if lang != "en":
            left = english_phrases & four_grams(letter.body)
            assert not left, f"English left in the {lang} {kind}: {sorted(left)[:5]}"
            assert not ENGLISH_WORDS.search(letter.body), (lang, letter.body)


def test_arabic_letters_are_marked_right_to_left():
    for kind in KINDS:
        html = render(kind, "ar", sample(kind), SAMPLE_NAMES).html
        assert '<html lang="ar" dir="rtl">' in html


def test_rendering_fails_when_a_variable_is_missing_in_any_language():
    for kind, lang in itertools.product(KINDS, LANGUAGES):
        context = sample(kind)
        del context["as_of"]
        with pytest.raises(UndefinedError):
            render(kind, lang, context, SAMPLE_NAMES)


def test_the_html_part_escapes_what_the_text_part_keeps_as_written():
    letter = render("nomination_missing", "en", sample("nomination_missing"),
                    {**SAMPLE_NAMES, "AUT": "Trinidad & <Tobago>"})
    assert "Trinidad & <Tobago>" in letter.body
    assert "Trinidad &amp; &lt;Tobago&gt;" in letter.html
    assert "<Tobago>" not in letter.html


def test_text_lines_are_wrapped_except_in_chinese_written_without_spaces():
    for lang in LANGUAGES:
        body = render("lots_drawn", lang, sample("lots_drawn"), SAMPLE_NAMES).body
        longest = max(len(line) for line in body.splitlines())
        assert (longest > 76) if lang == "zh" else (longest <= 76), lang


def test_lines_break_at_spaces_only_never_at_a_no_break_space_or_inside_a_word():
    text = "de l’examen\u00a0: " + "x" * 30 + " fin"
    assert wrap(text, 20) == "de l’examen\u00a0:\n" + "x" * 30 + "\nfin"
    assert wrap("one two three", 9, "- ", "  ") == "- one two\n  three"
