"""Reading the pages' GET parameters: each answers the value, or a message naming what is
wrong, which the page shows beside its field (and answers 400), in the page's language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from services.portal.domain.words import N_, WordedError
from shared.fields import FIRST_DAY


class BadField(WordedError):
    """What is wrong with one field, which the page shows beside it."""

    def __init__(self, field: str, text: str, **values) -> None:
        super().__init__(text, **values)
        self.field = field


def as_of(text: str | None, today: dt.date) -> dt.date:
    """The day a report is as of: today unless asked; never a day not yet over."""
    if not text:
        return today
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise BadField("as_of", N_("give a date as YYYY-MM-DD, e.g. 2021-01-15")) from None
    if day > today:
        raise BadField("as_of", N_("the date cannot be after today (%(today)s)"),
                       today=today.isoformat())
    if day < FIRST_DAY:
        raise BadField("as_of", N_("the date cannot be before %(first)s"),
                       first=FIRST_DAY.isoformat())
    return day


def whole_number(field: str, text: str | None, *, low: int = 1, high: int = 10_000
                 ) -> int | None:
    if not text:
        return None
    if not text.isdigit() or not low <= int(text) <= high:
        raise BadField(field, N_("give a whole number from %(low)s to %(high)s"), low=low,
                       high=high)
    return int(text)


def choice(field: str, text: str | None, allowed: Collection[str]) -> str | None:
    if not text:
        return None
    if text not in allowed:
        raise BadField(field, N_("choose one of the options in the list"))
    return text


def page_number(text: str | None) -> int:
    """The page asked for; a bad number quietly means the first page (it only navigates)."""
    return int(text) if text and text.isdigit() and 0 < int(text) < 100_000 else 1
