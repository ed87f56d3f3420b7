"""The list of observations of one review, per article: the reviewing States draft it one
article at a time (successes and good practices, challenges, technical assistance needs in
a category), the State under review agrees with it, and the secretariat records that it
was adopted and moves the review on to its summary.

Every write is the reviews service's, with the person's own token; a refusal shows the
service's reason beside its field, in the form as it was posted.
"""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for

from services.portal.adapters.peers import Refusal, in_parallel
from services.portal.domain import duties
from services.portal.domain import observation_form as of
from services.portal.pages.common import refusal_status, state_names, visible_review
from services.portal.pages.context import peers, viewer

blp = Blueprint("observations", __name__)


def _read(review_id: int) -> dict:
    who, p = viewer(), peers()
    review = visible_review(p, who, review_id)
    versions, questionnaire, categories, names = in_parallel([
        lambda: p.get("reviews", f"/reviews/{review_id}/observation-lists"),
        lambda: p.get("reviews", f"/reviews/{review_id}/questionnaire"),
        lambda: p.get("reviews", "/need-categories"),
        lambda: state_names(p),
    ])
    latest = of.latest_of(versions)
    articles: dict[tuple[str, str], str] = {}
    for q in questionnaire.get("questions", []):
        articles.setdefault((q["instrument"], q["article"]), q.get("subject", ""))
    return {"review": review, "latest": latest, "versions": versions, "names": names,
            "articles": articles, "categories": {c["code"]: c["label"] for c in categories},
            "entries": {(a["instrument"], a["article"]): of.entry_of(a)
                        for a in (latest or {}).get("articles", ())}}


def _offers(review: dict, latest: dict | None) -> dict:
    who = viewer()
    return {"draft": duties.may_draft(who, review),
            "agree": duties.may_agree(who, review, latest),
            "adopt": duties.may_adopt(who, review, latest),
            "move_on": duties.may_move_to_summary(who, review, latest)}


def _list(review_id: int, status: int = 200, refusal: Refusal | None = None,
          refused: str | None = None, posted: dict | None = None):
    read = _read(review_id)
    return render_template("observations.html", **read,
                           offers=_offers(read["review"], read["latest"]),
                           refusal=refusal, refused=refused, posted=posted or {}), status


@blp.get("/reviews/<int:review_id>/observations")
def page(review_id: int):
    return _list(review_id)


def _article(review_id: int, instrument: str, article: str, status: int = 200,
             entry: dict | None = None, refusal: Refusal | None = None):
    read = _read(review_id)
    key = (instrument, article)
    if key not in read["articles"]:
        abort(404)
    shown = entry or read["entries"].get(key) or of.read_article({}, instrument, article)
    return render_template("observation_article.html", **read, instrument=instrument,
                           article=article, subject=read["articles"][key],
                           entry=of.with_empty_rows(shown), refusal=refusal,
                           offers=_offers(read["review"], read["latest"])), status


@blp.get("/reviews/<int:review_id>/observations/<string:instrument>/<string:article>")
def article(review_id: int, instrument: str, article: str):
    return _article(review_id, instrument, article)


@blp.post("/reviews/<int:review_id>/observations/<string:instrument>/<string:article>")
def draft(review_id: int, instrument: str, article: str):
    """A new version of the list, with this article's observations as posted."""
    p = peers()
    entry = of.read_article(request.form, instrument, article)
    latest = of.latest_of(p.get("reviews", f"/reviews/{review_id}/observation-lists"))
    articles, at = of.merged(latest, entry)
    sent = p.send("reviews", f"/reviews/{review_id}/observation-lists",
                  {"articles": articles})
    if sent.refusal:
        shown = Refusal(sent.refusal.status, sent.refusal.detail,
                        of.article_errors(sent.refusal.errors, at))
        return _article(review_id, instrument, article, refusal_status(sent.refusal),
                        entry, shown)
    return redirect(url_for(".page", review_id=review_id,
                            _anchor=f"article-{instrument}-{article}"), code=303)


def _version() -> int:
    try:
        return int(request.form.get("version", ""))
    except ValueError:
        return 0


@blp.post("/reviews/<int:review_id>/observations/agree")
def agree(review_id: int):
    body = {"good_practices_public": request.form.get("good_practices_public") == "yes"}
    sent = peers().send("reviews", f"/reviews/{review_id}/observation-lists/"
                                   f"{_version()}/agree", body)
    if sent.refusal:
        return _list(review_id, refusal_status(sent.refusal), sent.refusal, "agree",
                     {"good_practices_public": body["good_practices_public"]})
    return redirect(url_for(".page", review_id=review_id), code=303)


@blp.post("/reviews/<int:review_id>/observations/adopt")
def adopt(review_id: int):
    """The secretariat records the agreed list as adopted on its day (today unless said)."""
    on = request.form.get("on", "").strip()
    body = {"actor": viewer().subject or "secretariat", **({"on": on} if on else {})}
    sent = peers().send("reviews", f"/reviews/{review_id}/observation-lists/"
                                   f"{_version()}/adopt", body)
    if sent.refusal:
        return _list(review_id, refusal_status(sent.refusal), sent.refusal, "adopt",
                     {"on": on})
    return redirect(url_for(".page", review_id=review_id), code=303)


@blp.post("/reviews/<int:review_id>/observations/move-on")
def move_on(review_id: int):
    """The secretariat moves the review on to its summary, the list adopted (after a
    send-back; adopting a list that covers every article moves it on by itself)."""
    sent = peers().send("reviews", f"/reviews/{review_id}/observations/adopt",
                        {"actor": viewer().subject or "secretariat"})
    if sent.refusal:
        return _list(review_id, refusal_status(sent.refusal), sent.refusal, "move_on")
    return redirect(url_for("review.page", review_id=review_id), code=303)
