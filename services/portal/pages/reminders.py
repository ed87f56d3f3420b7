"""Missing nominations as of a day, oldest due first, each with the reminders the Permanent
Mission was already sent (the notifications service's messages)."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, render_template, request

from services.portal.adapters.peers import Peers
from services.portal.domain import forms
from services.portal.domain.claims import Viewer
from services.portal.domain.tables import Page, paginate, reminders_for, served_page
from services.portal.pages.context import peers, today, viewer

blp = Blueprint("reminders", __name__)

PAGE_SIZE = 25


def sent_about(p: Peers, review_ids: list[int], state_code: str | None) -> list[dict]:
    """The reminders sent about these reviews (to `state_code`, or to every State), each
    saying which nomination it was about: one read for the whole page, however many reviews
    and States it names, without the letters' text, which the page does not show."""
    if not review_ids:
        return []
    return p.all("notifications", "/messages", state_code=state_code, review_id=review_ids,
                 kind="nomination_missing", status="sent", body="false")


def missing_page(p: Peers, who: Viewer, day: dt.date, number: int) -> Page:
    """The page asked for of the missing nominations (the last one, past the end), and
    their count: only that page is read, since the service works the whole list out
    afresh for each page it serves."""
    def read(number: int) -> Page:
        missing, total = p.page("nominations", "/missing", number, PAGE_SIZE,
                                as_of=day.isoformat(),
                                state_code=who.state if who.scoped else None)
        return served_page([m for m in missing if who.sees(m["state_code"])], number,
                           PAGE_SIZE, total)
    shown = read(number)
    return read(shown.pages) if number > shown.pages else shown


@blp.get("/missing")
def page():
    who, p = viewer(), peers()
    try:
        day = forms.as_of(request.args.get("as_of"), today())
    except forms.BadField as bad:
        return render_template("missing.html", error=bad, as_of=request.args.get("as_of", ""),
                               rows=[], page=paginate([], 1, PAGE_SIZE)), 400
    shown = missing_page(p, who, day, forms.page_number(request.args.get("page")))
    sent = sent_about(p, sorted({m["review_id"] for m in shown.items}),
                      who.state if who.scoped else None)
    rows = [{**m, "reminders": reminders_for(m["state_code"], m["review_id"], m["role"], sent)}
            for m in shown.items]
    return render_template("missing.html", error=None, as_of=day.isoformat(), rows=rows,
                           page=shown)
