"""Words the domain writes for people. The domain imports no framework, so it translates
nothing itself: a label is marked `N_("...")` where it is defined (pybabel extracts it into
the catalogs) and translated where a page shows it; a function that writes whole sentences
(the charts' descriptions) is handed the page's Voice, and speaks English without one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


def N_(text: str) -> str:
    """Mark `text` for the catalogs; it is translated where it is shown."""
    return text


def english(text: str, **values) -> str:
    return text % values if values else text


def english_plural(singular: str, plural: str, num: int, **values) -> str:
    """As gettext's ngettext does for English: `num` is among the values unless given."""
    values.setdefault("num", num)
    return (singular if num == 1 else plural) % values


def plain_number(value: float | int) -> str:
    """12.5 as '12.5' and 0.0 as '0', one decimal at most."""
    return f"{float(value):.1f}".removesuffix(".0")


class WordedError(ValueError):
    """An error a person reads: `text` in English with named placeholders, marked for the
    catalogs, and the `values` that fill them; a page translates the text, then fills it."""

    def __init__(self, text: str, **values) -> None:
        super().__init__(english(text, **values))
        self.text = text
        self.values = values


@dataclass(frozen=True)
class Voice:
    """How sentences are said: gettext and ngettext as Flask-Babel's (placeholders named,
    `num` given to ngettext), and a figure with one decimal at most."""

    gettext: Callable[..., str] = english
    ngettext: Callable[..., str] = english_plural
    number: Callable[[float | int], str] = plain_number


ENGLISH = Voice()
