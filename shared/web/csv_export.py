"""CSV files the services hand out, safe to open in a spreadsheet.

A spreadsheet runs a cell that starts with =, +, - or @ as a formula, and drops a leading
tab or carriage return before it looks. Names and reasons are typed by people outside the
secretariat, so such a cell is written behind a single quote (OWASP's rule for CSV
injection), which the spreadsheet shows as text and does not run.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(value: object) -> str:
    """The cell's text, with a quote in front if a spreadsheet would run it."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(header: Sequence[str], rows: Iterable[Iterable[object]]) -> str:
    """A CSV document of `header` and `rows`, every cell made inert. Lines end in CRLF
    (RFC 4180): the writer quotes a cell holding any character of the line end, so a
    carriage return inside a reason stays in its cell only with both."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([inert(cell) for cell in row] for row in rows)
    return out.getvalue()
