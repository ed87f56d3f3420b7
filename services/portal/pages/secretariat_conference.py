"""The Conference's decisions, as the secretariat records them on the reviews service: that
a group's phase advances whatever its completion against the 70 per cent rule (an
override), or that it ends on another day than two years from its start."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import gettext
from werkzeug.datastructures import MultiDict

from services.portal.adapters.peers import Refusal
from services.portal.domain.secretariat_forms import body_of
from services.portal.pages.context import peers
from services.portal.pages.secretariat import confirmed, secretariat_only

blp = Blueprint("secretariat_conference", __name__, url_prefix="/secretariat/decisions")
blp.before_request(secretariat_only)

#: the two decisions and what each posts beside the phase
DECISIONS = {"override": ("reason", "decided_on", "actor"),
             "end": ("ends_on", "reason", "decided_on", "actor")}


def _render(posted: str | None = None, refusal: Refusal | None = None):
    fresh = MultiDict({"actor": gettext("Conference of the Parties")})
    values = {name: request.form if name == posted else fresh for name in DECISIONS}
    refusals = {name: refusal if name == posted else None for name in DECISIONS}
    phases = sorted(peers().get("reviews", "/phases"),
                    key=lambda p: (p["group_number"], p["phase"]))
    page = render_template("secretariat/decisions.html", phases=phases, values=values,
                           refusals=refusals)
    return page, refusal.status if refusal else 200


@blp.get("/")
def page():
    return _render()


@blp.post("/<decision>")
def record(decision: str):
    if decision not in DECISIONS:
        abort(404)
    group, _, phase = request.form.get("phase", "").partition("/")
    if not (group.isdigit() and phase.isdigit()):
        return _render(decision, Refusal(422, gettext("Choose the group's phase."),
                                         {"phase": [gettext("Choose the group's phase.")]}))
    sent = peers().send("reviews", f"/phases/{group}/{phase}/{decision}",
                        body_of(request.form, DECISIONS[decision]))
    if sent.refusal:
        return _render(decision, sent.refusal)
    return confirmed(url_for("secretariat_conference.page"), gettext(
        "The Conference's decision on phase %(phase)s of group %(group)s is recorded.",
        phase=phase, group=group))
