"""The summary of one review and its translations, as the secretariat records them (the
last stage of the walk): a new version of the summary, where the translation into each of
the six official languages stands, and the review completed once all six are done. The
review's States see the summary and where its translations stand.

Every write is the reviews service's, with the secretariat's own token; the service
refuses a summary of more than 1,500 words or a review not at its summary stage, and the
page shows why beside the field, with what was typed.
"""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for

from services.portal.adapters.peers import Refusal, in_parallel
from services.portal.domain import duties
from services.portal.pages.common import refusal_status, state_names, visible_review
from services.portal.pages.context import peers, viewer

blp = Blueprint("summary", __name__)
#: where a translation may stand, as the reviews service records it
TRANSLATION_STATUSES = ("requested", "in_progress", "done")


def _page(review_id: int, status: int = 200, refusal: Refusal | None = None,
          refused: str | None = None, typed: str | None = None,
          chosen: dict | None = None):
    who, p = viewer(), peers()
    review = visible_review(p, who, review_id)
    versions, translations, names = in_parallel([
        lambda: p.get("reviews", f"/reviews/{review_id}/summary"),
        lambda: p.get("reviews", f"/reviews/{review_id}/summary/translations"),
        lambda: state_names(p),
    ])
    latest = versions[-1] if versions else None
    return render_template(
        "summary.html", review=review, latest=latest, translations=translations,
        names=names, statuses=TRANSLATION_STATUSES,
        may_write=duties.may_write_summary(who, review), refusal=refusal, refused=refused,
        typed=typed if typed is not None else (latest or {}).get("text", ""),
        chosen=chosen or {t["language"]: t["status"] for t in translations}), status


@blp.get("/reviews/<int:review_id>/summary")
def page(review_id: int):
    return _page(review_id)


def _actor() -> str:
    return viewer().subject or "secretariat"


@blp.post("/reviews/<int:review_id>/summary")
def write(review_id: int):
    text = (request.form.get("text") or "").replace("\r\n", "\n")
    sent = peers().send("reviews", f"/reviews/{review_id}/summary",
                        {"actor": _actor(), "text": text})
    if sent.refusal:
        return _page(review_id, refusal_status(sent.refusal), sent.refusal, "text", text)
    return redirect(url_for(".page", review_id=review_id), code=303)


@blp.post("/reviews/<int:review_id>/summary/translations")
def translations(review_id: int):
    """Record each language whose status the form changed; the first refusal is shown,
    beside its language, with every choice as it was posted."""
    p = peers()
    standing = {t["language"]: t["status"]
                for t in p.get("reviews", f"/reviews/{review_id}/summary/translations")}
    chosen = {code: request.form.get(f"status-{code}", status)
              for code, status in standing.items()}
    for code, status in chosen.items():
        if status == standing[code]:
            continue
        sent = p.send("reviews", f"/reviews/{review_id}/summary/translations/{code}",
                      {"actor": _actor(), "status": status}, method="PUT")
        if sent.refusal:
            errors = sent.refusal.errors.get("status") or [sent.refusal.detail]
            shown = Refusal(sent.refusal.status, sent.refusal.detail,
                            {**sent.refusal.errors, f"status-{code}": errors})
            return _page(review_id, refusal_status(sent.refusal), shown, "translations",
                         chosen=chosen)
    return redirect(url_for(".page", review_id=review_id, _anchor="translations"), code=303)


@blp.post("/reviews/<int:review_id>/complete")
def complete(review_id: int):
    sent = peers().send("reviews", f"/reviews/{review_id}/complete", {"actor": _actor()})
    if sent.refusal:
        return _page(review_id, refusal_status(sent.refusal), sent.refusal, "complete")
    return redirect(url_for("review.page", review_id=review_id), code=303)
