"""The secretariat records what a Permanent Mission's note verbale says: a nomination (a
focal point, a governmental expert or an observer, for one review or every review of the
State, with the note's reference and date: POST /nominations on the nominations service),
or a person's withdrawal."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import lazy_gettext, ngettext
from werkzeug.datastructures import MultiDict

from services.portal.domain.labels import LANGUAGE_LABELS
from services.portal.domain.secretariat_forms import body_of, nomination_body
from services.portal.pages.common import states
from services.portal.pages.context import peers
from services.portal.pages.secretariat import confirmed, refused, secretariat_only

blp = Blueprint("secretariat_nominations", __name__, url_prefix="/secretariat/nominations")
blp.before_request(secretariat_only)

ROLE_NAMES = {"focal_point": lazy_gettext("focal point"),
              "expert": lazy_gettext("governmental expert"),
              "observer": lazy_gettext("observer")}
GENDER_NAMES = {"female": lazy_gettext("female"), "male": lazy_gettext("male"),
                "other": lazy_gettext("other"), "undisclosed": lazy_gettext("not disclosed")}


def _page(values, refusal=None):
    return {"values": values, "refusal": refusal, "parties": states(peers()),
            "roles": ROLE_NAMES, "genders": GENDER_NAMES,
            "languages": list(LANGUAGE_LABELS.items())}


@blp.get("/new")
def form():
    values = MultiDict({"state_code": (request.args.get("state") or "").upper(),
                        "role": request.args.get("role") or "expert"})
    return render_template("secretariat/nomination.html", **_page(values))


@blp.post("/new")
def record():
    form = request.form
    sent = peers().send("nominations", "/nominations", nomination_body(form))
    if sent.refusal:
        return refused("secretariat/nomination.html", sent, **_page(form, sent.refusal))
    state = form.get("state_code", "").strip().upper()
    return confirmed(url_for("people.page", state=state), ngettext(
        "%(name)s recorded as %(role)s of %(state)s, for %(num)d review.",
        "%(name)s recorded as %(role)s of %(state)s, for %(num)d reviews.",
        len(sent.body), name=form.get("name", "").strip(), state=state,
        role=ROLE_NAMES.get(form.get("role"), form.get("role"))))


def _person(person_id: int) -> dict:
    found = peers().maybe("nominations", f"/persons/{person_id}")
    if found is None:
        abort(404)
    return found


def _withdrawal_page(person: dict, values, refusal=None):
    held = sorted({n["role"] for n in person.get("nominations") or ()}
                  | {s["role"] for s in person.get("for_every_review") or ()})
    return render_template("secretariat/withdrawal.html", person=person, values=values,
                           refusal=refusal, roles=[(r, ROLE_NAMES.get(r, r)) for r in held])


@blp.get("/persons/<int:person_id>/withdrawal")
def withdrawal_form(person_id: int):
    return _withdrawal_page(_person(person_id),
                            MultiDict({"role": request.args.get("role", "")}))


@blp.post("/persons/<int:person_id>/withdrawal")
def withdraw(person_id: int):
    """A note verbale withdraws a person: from every review they serve in, in one role or
    every role (POST /persons/<id>/withdrawal); their record stays."""
    form = request.form
    sent = peers().send("nominations", f"/persons/{person_id}/withdrawal",
                        body_of(form, ("role", "withdrawn_on", "reason")))
    person = _person(person_id)
    if sent.refusal:
        return _withdrawal_page(person, form, sent.refusal), sent.refusal.status
    return confirmed(url_for("people.page", state=person["state_code"]), ngettext(
        "%(name)s is withdrawn from %(num)d review.",
        "%(name)s is withdrawn from %(num)d reviews.", len(sent.body), name=person["name"]))
