"""The general report of trends as a printable HTML page, rendered with the status report's
template environment (everything inline, nothing loaded from outside)."""

from __future__ import annotations

from services.reviews.domain.report.document import Document, item_label
from services.reviews.domain.report.html import _environment
from services.reviews.domain.trends.wording import article_words


def as_trends_html(document: Document, figures: dict) -> str:
    return _environment().get_template("trends.html").render(
        document=document, figures=figures, label=item_label, article=article_words)
