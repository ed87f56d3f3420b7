"""Missing nominations as of a day, oldest due first, each with the reminders the Permanent
Mission was already sent (the notifications service's messages)."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from services.portal.adapters.peers import Peers, in_parallel
from services.portal.domain import forms
from services.portal.domain.tables import paginate, reminders_for
from services.portal.pages.context import peers, today, viewer

blp = Blueprint("reminders", __name__)

PAGE_SIZE = 50


def sent_about(p: Peers, review_ids: list[int], state_code: str | None
               ) -> dict[int, tuple[list, dict[int, str]]]:
    """For each review, the reminders sent about it (to `state_code`, or to every State),
    and which nomination each was about where the notifications service tracks it (/items;
    without it, none is told apart). Two reads a review, all at once: a page of fifty
    missing nominations names a few reviews, each with several States."""
    calls = []
    for rid in review_ids:
        calls += [lambda rid=rid: p.all("notifications", "/messages", state_code=state_code,
                                        review_id=rid, kind="nomination_missing"),
                  lambda rid=rid: p.maybe("notifications", "/items", state_code=state_code,
                                          review_id=rid, page_size=100) or []]
    found = in_parallel(calls)
    sent = {}
    for rid, messages, items in zip(review_ids, found[::2], found[1::2], strict=True):
        sent[rid] = (messages, {r["message_id"]: item["topic"] for item in items
                                for r in item.get("reminders", ())
                                if r.get("message_id") is not None})
    return sent


@blp.get("/missing")
def page():
    who, p = viewer(), peers()
    try:
        day = forms.as_of(request.args.get("as_of"), today())
    except forms.BadField as bad:
        return render_template("missing.html", error=bad, as_of=request.args.get("as_of", ""),
                               rows=[], page=paginate([], 1, PAGE_SIZE)), 400
    missing = p.all("nominations", "/missing", as_of=day.isoformat(),
                    state_code=who.state if who.scoped else None)
    missing = [m for m in missing if who.sees(m["state_code"])]
    shown = paginate(missing, forms.page_number(request.args.get("page")), PAGE_SIZE)
    sent = sent_about(p, sorted({m["review_id"] for m in shown.items}),
                      who.state if who.scoped else None)
    rows = [{**m, "reminders": reminders_for(m["state_code"], m["review_id"], m["role"],
                                             *sent[m["review_id"]])}
            for m in shown.items]
    return render_template("missing.html", error=None, as_of=day.isoformat(), rows=rows,
                           page=shown)
