"""The technical assistance survey as the secretariat runs it on the survey service: open a
draft to the States chosen (every State party, or those named) until a deadline, and close
an open one. Writing a survey's questions stays with the survey's API."""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext
from werkzeug.datastructures import MultiDict

from services.portal.adapters.peers import Refusal
from services.portal.domain.secretariat_forms import codes, optional
from services.portal.pages.common import states
from services.portal.pages.context import peers
from services.portal.pages.secretariat import confirmed, secretariat_only

blp = Blueprint("secretariat_surveys", __name__, url_prefix="/secretariat/surveys")
blp.before_request(secretariat_only)


def _render(posted: int | None = None, refusal: Refusal | None = None):
    """Every survey; the form of the one `posted` keeps what was typed beside the refusal."""
    surveys = sorted(peers().get("survey", "/surveys"), key=lambda s: s["id"], reverse=True)
    values = {s["id"]: request.form if s["id"] == posted else MultiDict({"every": "yes"})
              for s in surveys}
    page = render_template("secretariat/surveys.html", surveys=surveys, values=values,
                           refusals={posted: refusal} if refusal else {})
    return page, refusal.status if refusal else 200


@blp.get("/")
def page():
    return _render()


@blp.post("/<int:survey_id>/open")
def open_survey(survey_id: int):
    form = request.form
    chosen = ([s["code"] for s in states(peers())] if form.get("every") == "yes"
              else codes(form.get("states")))
    body = {"states": chosen}
    if deadline := optional(form.get("deadline")):
        body["deadline"] = deadline
    sent = peers().send("survey", f"/surveys/{survey_id}/open", body)
    if sent.refusal:
        return _render(survey_id, sent.refusal)
    return confirmed(url_for("secretariat_surveys.page"), gettext(
        "The survey “%(title)s” is open to %(count)s States until %(deadline)s.",
        title=sent.body["title"], count=len(sent.body["states"]),
        deadline=sent.body["deadline"]))


@blp.post("/<int:survey_id>/close")
def close_survey(survey_id: int):
    sent = peers().send("survey", f"/surveys/{survey_id}/close")
    if sent.refusal:
        return _render(survey_id, sent.refusal)
    return confirmed(url_for("secretariat_surveys.page"), gettext(
        "The survey “%(title)s” is closed: it takes no more answers.",
        title=sent.body["title"]))
