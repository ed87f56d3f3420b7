"""The status report as of a date: figures read from the records (and from the
nominations service), and the note's wording of them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from services.reviews.domain.report.document import TITLE, Document, Paragraph, Section
from services.reviews.domain.report.figures import build_figures
from services.reviews.domain.report.numbers import long_date
from services.reviews.domain.report.text_groups import (
    completion_paragraph,
    end_paragraph,
    not_started_paragraph,
    status_paragraph,
)
from services.reviews.domain.report.text_lots import lots_paragraphs
from services.reviews.domain.report.text_overall import (
    consultation_paragraphs,
    date_line,
    nomination_paragraphs,
)
from shared.context import ServiceContext

NominationSource = Callable[[dt.date], dict]


def status_figures(ctx: ServiceContext, as_of: dt.date, nominations: NominationSource) -> dict:
    """The report's figures as of the end of `as_of`."""
    with ctx.uow() as uow:
        snapshot = uow.snapshot(as_of)
    return build_figures(snapshot, ctx.settings.phase_threshold, nominations(as_of))


def status_document(figures: dict, clusters: tuple[int, ...]) -> Document:
    """The figures worded as the secretariat's note words them."""
    as_of = figures["as_of"]
    reviews: list[Paragraph] = []
    for group in figures["groups"]:
        reviews += [status_paragraph(group, as_of), not_started_paragraph(group, as_of),
                    end_paragraph(group, as_of), completion_paragraph(group, as_of, clusters)]
    if not reviews:
        reviews = [Paragraph(f"As of {long_date(as_of)}, no country review had been "
                             "scheduled.")]
    return Document(TITLE, date_line(as_of), [
        Section("Drawing of lots", lots_paragraphs(figures)),
        Section("Nomination of focal points and governmental experts",
                nomination_paragraphs(figures)),
        Section("Status and progress of country reviews", reviews),
        Section("Preliminary consultations and working languages",
                consultation_paragraphs(figures)),
    ])
