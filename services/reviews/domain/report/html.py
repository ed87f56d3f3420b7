"""The status report as a printable HTML page: everything inline, nothing loaded from
outside (the secretariat prints it or files it as is)."""

from __future__ import annotations

import functools

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from services.reviews.domain import stages as s
from services.reviews.domain.report.document import Document, item_label

STAGE_NAMES = {
    s.PRELIMINARY_CONSULTATION: "Preliminary consultation",
    s.SELF_ASSESSMENT: "Self-assessment",
    s.WRITTEN_FEEDBACK: "Written feedback",
    s.LIST_OF_OBSERVATIONS: "List of observations",
    s.SUMMARY: "Summary",
}


@functools.cache
def _environment() -> Environment:
    """Built on first use, not at import; escaping on, since names and reasons are typed
    by people."""
    return Environment(loader=PackageLoader("services.reviews", "templates"),
                       autoescape=select_autoescape(["html"]), undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True)


def as_html(document: Document, figures: dict) -> str:
    return _environment().get_template("status.html").render(
        document=document, figures=figures, label=item_label, stages=s.ADVANCING,
        stage_names=STAGE_NAMES)
