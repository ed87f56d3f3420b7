"""The secretariat's steps on one review, each a command of the reviews service: move it on
from its stage, hold its preliminary consultation (working languages, time frames; or one
that found no agreement on the languages), or send it back one stage with the reason. The
reviews service decides whether the review's state allows the step; its refusal (a stage
moved on meanwhile, a day to come) is shown beside the field it names."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import gettext
from werkzeug.datastructures import MultiDict

from services.portal.adapters.peers import Refusal
from services.portal.domain.labels import LANGUAGE_LABELS, stage_label
from services.portal.domain.secretariat_forms import (
    MOVE_ON,
    TIME_FRAME_STAGES,
    body_of,
    consultation_body,
)
from services.portal.pages.context import peers
from services.portal.pages.secretariat import confirmed, secretariat_only

blp = Blueprint("secretariat_review", __name__, url_prefix="/secretariat/reviews")
blp.before_request(secretariat_only)

#: what each form is called in the page (its refusal and values are kept under that name)
FORMS = ("move_on", "consultation", "send_back")


def _review(review_id: int) -> dict:
    found = peers().maybe("reviews", f"/reviews/{review_id}")
    if found is None:
        abort(404)
    return found


def _render(review: dict, posted: str | None = None, refusal: Refusal | None = None):
    """The page with its three forms; the one `posted` keeps what was typed and shows the
    service's refusal, the others start afresh."""
    fresh = MultiDict({"actor": gettext("Secretariat"), "facilitated_by_secretariat": "yes"})
    values = {name: request.form if name == posted else fresh for name in FORMS}
    refusals = {name: refusal if name == posted else None for name in FORMS}
    page = render_template("secretariat/review.html", review=review, values=values,
                           refusals=refusals, move_on=MOVE_ON.get(review["stage"]),
                           languages=list(LANGUAGE_LABELS.items()),
                           time_frame_stages=TIME_FRAME_STAGES)
    return page, refusal.status if refusal else 200


def _done(review_id: int, sent, posted: str, message: Callable[[dict], str]):
    """To the review's page, whose history shows the step; or the form again."""
    if sent.refusal:
        return _render(_review(review_id), posted, sent.refusal)
    return confirmed(url_for("review.page", review_id=review_id), message(sent.body))


@blp.get("/<int:review_id>")
def page(review_id: int):
    return _render(_review(review_id))


@blp.post("/<int:review_id>/move-on")
def move_on(review_id: int):
    command = request.form.get("command", "")
    if command not in MOVE_ON.values():
        abort(400, description=gettext("Choose a step this page offers."))
    review = _review(review_id)
    body = body_of(request.form, ("actor", "on", "reason"))
    if command == "questionnaire/submit":  # recorded for the State under review
        body["actor_state"] = review["state_under_review"]
    sent = peers().send("reviews", f"/reviews/{review_id}/{command}", body)
    return _done(review_id, sent, "move_on", lambda done: gettext(
        "The review moved on to the stage: %(stage)s.", stage=stage_label(done["stage"])))


@blp.post("/<int:review_id>/consultation")
def consultation(review_id: int):
    agreed = request.form.get("outcome") != "no_agreement"
    path = f"/reviews/{review_id}/preliminary-consultation"
    sent = peers().send("reviews", path if agreed else f"{path}/no-agreement",
                        consultation_body(request.form, agreed))
    return _done(review_id, sent, "consultation", lambda done: gettext(
        "The preliminary consultation is recorded.") if agreed else gettext(
        "The preliminary consultation is recorded as held without agreement on the working "
        "languages: the review waits at its stage."))


@blp.post("/<int:review_id>/send-back")
def send_back(review_id: int):
    sent = peers().send("reviews", f"/reviews/{review_id}/send-back",
                        {**body_of(request.form, ("actor", "on")),
                         "reason": request.form.get("reason", "")})
    return _done(review_id, sent, "send_back", lambda done: gettext(
        "The review was sent back to the stage: %(stage)s.", stage=stage_label(done["stage"])))
