"""The general report of trends as of a day (issue 19, item 4): the lists in force read
through the unit of work, counted by the pure rules of domain/trends."""

from __future__ import annotations

import datetime as dt

from services.reviews.domain.trends.figures import trend_figures
from shared.context import ServiceContext


def trend_report(ctx: ServiceContext, as_of: dt.date, cluster: int | None = None,
                 phase: int | None = None) -> dict:
    with ctx.uow() as uow:
        lists = uow.observations.adopted_as_of(as_of, cluster, phase)
        categories = uow.observations.categories()
    return {"as_of": as_of, "cluster": cluster, "phase": phase,
            **trend_figures(lists, categories)}
