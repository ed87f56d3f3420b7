"""An answer as its form posts it, read into the body the reviews service takes (PUT
.../questionnaire/answers/<question>), and back: the same shape fills the form again, from
the latest version saved or from what was posted and refused, so nothing typed is lost.

Citations are rows of fields named `legislation-<n>-<field>` and `cases-<n>-<field>`: the
page shows the rows saved and one empty row (a page without JavaScript cannot add rows);
a row left empty is not a citation.
"""

from __future__ import annotations

from collections.abc import Mapping

LEGISLATION_FIELDS = ("title", "provision", "link")
CASE_FIELDS = ("reference", "summary", "link")
#: the most citations of each kind the service takes (its CITATION_LIMIT)
CITATIONS = 50
#: fields the service takes as absent when left empty
OPTIONAL = ("link", "summary")


def _rows(form: Mapping[str, str], kind: str, fields: tuple[str, ...]) -> list[dict]:
    rows = []
    for n in range(CITATIONS + 1):
        row = {f: (form.get(f"{kind}-{n}-{f}") or "").strip() for f in fields}
        if any(row.values()):
            rows.append({f: (v or None) if f in OPTIONAL else v for f, v in row.items()})
    return rows


def read_answer(form: Mapping[str, str]) -> dict:
    """The service's body: the answer's text as typed (only line endings made plain), and
    the citations filled in."""
    return {"answer": (form.get("answer") or "").replace("\r\n", "\n"),
            "legislation": _rows(form, "legislation", LEGISLATION_FIELDS),
            "cases": _rows(form, "cases", CASE_FIELDS)}


def draft_of(version: Mapping | None) -> dict:
    """What the form shows of the latest version saved (an empty form if none)."""
    if not version:
        return {"answer": "", "legislation": [], "cases": []}
    return {"answer": version.get("text") or "",
            "legislation": list(version.get("legislation") or []),
            "cases": list(version.get("cases") or [])}


def with_empty_rows(draft: Mapping) -> dict:
    """The draft with one empty row of each kind of citation to fill in."""
    return {**draft,
            "legislation": [*draft["legislation"], {}][:CITATIONS],
            "cases": [*draft["cases"], {}][:CITATIONS]}
