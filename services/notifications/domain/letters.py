"""Rendering the letters (notes verbales by e-mail) from Jinja2 templates, with no database.

Templates live in `templates/<language>/<kind>.{subject,body}.txt` as package data, in the
six official languages. Undefined variables fail loudly (StrictUndefined): a letter with a gap
in it must never reach a Permanent Mission. A body is written as paragraphs separated by
blank lines (a paragraph of "- " lines is a list); the plain-text part is wrapped from them
and the HTML part laid out from the same paragraphs, right-to-left for Arabic.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass

from jinja2 import (
    Environment,
    PackageLoader,
    StrictUndefined,
    Undefined,
    pass_environment,
    select_autoescape,
)

from services.notifications.domain import i18n
from services.notifications.domain.grammar import StateName, by_code, forms
from services.notifications.domain.state_names import local_name

KINDS = ("nomination_missing", "nomination_due", "lots_drawn", "draw_repeated",
         "stage_changed", "stage_deadline", "digest", "account_link", "survey",
         "review_content")
#: letters to one person (their account's single-use link), not to a Permanent Mission:
#: never readdressed to the Mission, and their body shown to nobody but the addressee
PERSONAL_KINDS = ("account_link",)
LANGUAGES_WITH_TEMPLATES = i18n.LANGUAGES
FALLBACK_LANGUAGE = i18n.FALLBACK_LANGUAGE
_SPACES = re.compile(r"[ \t\r\n]+")
_DOUBLE_STOP = re.compile(r"\.\.(?!\.)")
#: a plain-text line is wrapped at this width; Chinese, written without spaces, is not
WRAP = 76


@dataclass(frozen=True)
class Letter:
    subject: str
    body: str
    language: str
    html: str = ""


def _defined(value):
    """Babel would format an undefined variable as something; StrictUndefined must fail."""
    if isinstance(value, Undefined):
        value._fail_with_undefined_error()
    return value


@pass_environment
def _date(env, day) -> str:
    return i18n.long_date(_defined(day), env.globals["lang"])


@pass_environment
def _number(env, value) -> str:
    return i18n.number(_defined(value), env.globals["lang"])


@pass_environment
def _days(env, value) -> str:
    return i18n.days(_defined(value), env.globals["lang"])


def _upfirst(text: str) -> str:
    """Capitalise a sentence's first letter only ("the Republic of Korea" -> "The ...")."""
    return text[:1].upper() + text[1:]


@functools.cache
def _environment(lang: str) -> Environment:
    """One per language, so that filters know it and imported macros stay cached; built on
    first use, not at import (house rule: no objects built at import time)."""
    env = Environment(
        loader=PackageLoader("services.notifications", "templates"),
        undefined=StrictUndefined,
        # plain text is never escaped (names like "A & B"); the HTML layout always is
        autoescape=select_autoescape(["html"]),
        # the templates ship with the code: no need to look at their files before each render
        auto_reload=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(long_date=_date, number=_number, days=_days, upfirst=_upfirst)
    env.globals["lang"] = lang
    return env


def template_language(wanted: str | None) -> str:
    return wanted if wanted in LANGUAGES_WITH_TEMPLATES else FALLBACK_LANGUAGE


def state_namer(names: Mapping[str, str], lang: str):
    """`st(code)` for the templates: the State's name and forms in the letter's language.
    A State not yet known (no StatePartyRegistered) is called by its code."""
    def st(code: str) -> StateName:
        english = names.get(code)
        if english is None:
            return by_code(code, lang)
        return forms(code, local_name(code, english, lang), lang)
    return st


def render(kind: str, language: str | None, context: Mapping,
           names: Mapping[str, str] | None = None) -> Letter:
    """Render the subject, text and HTML of a `kind` of letter in `language` (or English)."""
    lang = template_language(language)
    env = _environment(lang)
    full = {**context, "st": state_namer(names if names is not None else {}, lang)}
    subject = _squeeze(env.get_template(f"{lang}/{kind}.subject.txt").render(full))
    blocks = paragraphs(env.get_template(f"{lang}/{kind}.body.txt").render(full), lang)
    html = env.get_template("_layout.html").render(
        lang=lang, dir=i18n.direction(lang), subject=subject, blocks=blocks)
    return Letter(subject=subject, body=plain_text(blocks, lang), language=lang, html=html)


def paragraphs(body: str, lang: str = "en") -> list[tuple[str, list[str]]]:
    """("p", [text]) for prose (its line breaks are the template's, not the reader's) and
    ("ul", items) for a paragraph of "- " lines. Chinese joins lines without a space."""
    joiner = "" if lang == "zh" else " "
    blocks = []
    for chunk in body.split("\n\n"):
        lines = [line.strip() for line in chunk.strip().splitlines() if line.strip()]
        if not lines:
            continue
        if all(line.startswith("- ") for line in lines):
            blocks.append(("ul", [_squeeze(line[2:]) for line in lines]))
        else:
            blocks.append(("p", [_squeeze(joiner.join(lines))]))
    return blocks


def _squeeze(text: str) -> str:
    """Collapse the template's spaces and line breaks, but keep no-break spaces (French
    writes one before a colon and inside guillemets). A date that ends a sentence and
    itself ends in a period ("12 января 2021 г.") must not get a second one."""
    return _DOUBLE_STOP.sub(".", " ".join(_SPACES.split(text.strip())))


def plain_text(blocks: list[tuple[str, list[str]]], lang: str) -> str:
    width = None if lang == "zh" else WRAP
    out = []
    for kind, items in blocks:
        if kind == "ul":
            out.append("\n".join(wrap(item, width, "- ", "  ") for item in items))
        else:
            out.append(wrap(items[0], width))
    return "\n\n".join(out) + "\n"


def wrap(text: str, width: int | None, first: str = "", rest: str = "") -> str:
    """Greedy wrapping at spaces only: a no-break space holds, a long word (an address) is
    never cut. textwrap does the same with regular expressions, several times slower."""
    if width is None:
        return first + text
    lines, line, empty = [], first, True
    for word in text.split(" "):
        if empty:
            line, empty = line + word, False
        elif len(line) + 1 + len(word) > width:
            lines.append(line)
            line = rest + word
        else:
            line = f"{line} {word}"
    lines.append(line)
    return "\n".join(lines)


def render_nomination_missing(
    payload: Mapping, names: Mapping[str, str], language: str | None
) -> Letter:
    """The reminder to a Permanent Mission that a nomination is overdue (note, para. 8)."""
    return render("nomination_missing", language, payload, names)
