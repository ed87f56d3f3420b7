"""Numbers and dates the way the secretariat's note writes them.

United Nations editorial style: a number that opens a sentence is spelled out ("Six
reviews were ..."); elsewhere numbers below ten are words and the others figures ("out of
the 62 reviews, two on Spanish"); dates read "15 September 2022".
"""

from __future__ import annotations

import datetime as dt

_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
         "fourteen fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_SCALES = ((1_000_000_000, "billion"), (1_000_000, "million"), (1000, "thousand"))


def in_words(n: int) -> str:
    """A non-negative integer in English words, British style ("one hundred and six")."""
    if n < 0:
        raise ValueError("only counts are written in words")
    for size, name in _SCALES:
        if n >= size:
            head, rest = divmod(n, size)
            tail = "" if rest == 0 else (" and " if rest < 100 else " ") + in_words(rest)
            return f"{in_words(head)} {name}{tail}"
    if n >= 100:
        head, rest = divmod(n, 100)
        return f"{_ONES[head]} hundred" + (f" and {in_words(rest)}" if rest else "")
    if n >= 20:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    return _ONES[n]


def count(n: int, *, opening: bool = False) -> str:
    """`n` as the note writes a count: in words at the start of a sentence or below
    ten, in figures otherwise."""
    if opening:
        return in_words(n).capitalize()
    return in_words(n) if n < 10 else f"{n:,}"


def counted(n: int, noun: str, plural: str | None = None, *, opening: bool = False) -> str:
    """"Six reviews", "One review", "31 reviews"."""
    return f"{count(n, opening=opening)} {noun if n == 1 else plural or noun + 's'}"


def was(n: int) -> str:
    return "was" if n == 1 else "were"


def ordinal_group(number: int) -> str:
    """The note names groups by their number in words: "group one", "group two"."""
    return f"group {in_words(number)}"


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def month_year(day: dt.date) -> str:
    return f"{day:%B %Y}"


def per_cent(value: float) -> str:
    """"57 per cent", "69.6 per cent"."""
    text = f"{value:.1f}".removesuffix(".0")
    return f"{text} per cent"


def enumerate_words(items: list[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
