"""The names, dates and figures of the pages in the page's language (the Jinja filters).

The domain names things in English, marked for the catalogs (domain/words.py); these
filters translate them. Dates are written as the page's locale writes them (Babel), inside
a <time> element that keeps the ISO date for machines; figures with the locale's decimal
sign.
"""

from __future__ import annotations

import datetime as dt

from flask_babel import (
    format_date,
    format_decimal,
    format_time,
    get_locale,
    gettext,
    ngettext,
    pgettext,
)
from markupsafe import Markup

from services.portal.domain import labels
from services.portal.domain.words import Voice

NONE = "—"


def number(value: float | int | None) -> str:
    """A figure with one decimal at most: 12.5, 0; in French 12,5."""
    return NONE if value is None else format_decimal(value, format="#,##0.#")


def voice() -> Voice:
    """The page's language, for the domain's sentences (the charts)."""
    return Voice(gettext=gettext, ngettext=ngettext, number=number)


def _time(iso: str, text: str) -> Markup:
    return Markup('<time datetime="{}">{}</time>').format(iso, text)


def day(value: str | dt.date | None, form: str = "long") -> Markup | str:
    """'1 December 2020', '1er décembre 2020', '2020年12月1日' (form="medium" for tables:
    '1 Dec 2020'); a dash for none."""
    found = labels.parse_day(value) if isinstance(value, str) else value
    if found is None:
        return NONE
    text = format_date(found, form)
    if form == "long" and found.day == 1 and get_locale().language == "fr":
        text = "1er" + text[1:]  # French writes the first of the month as an ordinal
    return _time(found.isoformat(), text)


def moment(value: str | dt.datetime | None) -> Markup | str:
    """An instant to the minute, in UTC, as the locale writes it: '1 Dec 2020, 09:00' (the
    sentence around it says UTC)."""
    found = labels.parse_instant(value) if isinstance(value, str) else value
    if found is None:
        return NONE
    found = found.astimezone(dt.UTC)
    joined = str(get_locale().datetime_formats["medium"])  # '{1}, {0}': date, then time
    text = joined.format(format_time(found, "short"), format_date(found, "medium"))
    return _time(found.isoformat(), text)


def _translated(label: str) -> str:
    return gettext(label) if label else label


def listed(items) -> str:
    """Items one after the other, with the language's separator ("、" in Chinese)."""
    return pgettext("between the items of a list", ", ").join(map(str, items))


#: the names the page templates use for these
FILTERS = {
    "stage": lambda code: _translated(labels.stage_label(code)),
    "region": lambda code: _translated(labels.region_label(code)),
    "language": lambda code: _translated(labels.language_label(code)),
    "role_noun": lambda role: _translated(labels.ROLE_NOUNS.get(role, labels.humanise(role))),
    "capacity": lambda capacity: _translated(
        labels.CAPACITY_LABELS.get(capacity, labels.humanise(capacity))),
    "message_status": lambda status: _translated(
        labels.MESSAGE_STATUSES.get(status, labels.humanise(status))),
    "instrument": lambda code: _translated(
        labels.INSTRUMENT_LABELS.get(code, labels.humanise(code))),
    "humanise": lambda code: _translated(labels.humanise(code)),
    "translated": _translated,
    "listed": listed,
    "percent": number,
    "number": number,
    "day": day,
    "short_day": lambda value: day(value, "medium"),
    "moment": moment,
}
