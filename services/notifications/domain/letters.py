"""Rendering the letters (notes verbales by e-mail) from Jinja2 templates, with no database.

Templates live in `templates/<language>/` as package data. Undefined variables fail loudly
(StrictUndefined): a letter with a gap in it must never reach a Permanent Mission.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass

from jinja2 import Environment, PackageLoader, StrictUndefined

#: languages that have templates in this slice; the others fall back to English for now
LANGUAGES_WITH_TEMPLATES = ("en",)
FALLBACK_LANGUAGE = "en"


@dataclass(frozen=True)
class Letter:
    subject: str
    body: str
    language: str


@functools.cache
def _environment() -> Environment:
    """Built on first use, not at import (house rule: no objects built at import time)."""
    return Environment(
        loader=PackageLoader("services.notifications", "templates"),
        undefined=StrictUndefined,
        autoescape=False,  # plain-text e-mail: HTML escaping would corrupt names like "A & B"
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def template_language(wanted: str | None) -> str:
    return wanted if wanted in LANGUAGES_WITH_TEMPLATES else FALLBACK_LANGUAGE


def render(kind: str, language: str | None, context: Mapping) -> Letter:
    """Render the subject and body of a `kind` of letter in `language` (or the fallback)."""
    lang = template_language(language)
    env = _environment()
    subject = env.get_template(f"{lang}/{kind}.subject.txt").render(context)
    body = env.get_template(f"{lang}/{kind}.body.txt").render(context)
    # a subject is one header line: collapse whatever whitespace the template left
    return Letter(subject=" ".join(subject.split()), body=body, language=lang)


def render_nomination_missing(
    payload: Mapping, names: Mapping[str, str], language: str | None
) -> Letter:
    """The reminder to a Permanent Mission that a nomination is overdue (note, para. 8).

    `names` maps State codes to names from the StatePartyRegistered copies; a State not yet
    known is called by its code rather than not written at all.
    """
    context = dict(payload)
    context["state_name"] = names.get(payload.get("state_code"), payload.get("state_code"))
    context["under_review_name"] = names.get(
        payload.get("state_under_review"), payload.get("state_under_review")
    )
    return render("nomination_missing", language, context)
