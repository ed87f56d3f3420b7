"""The dead letters of every service: the events a service could not handle after its
retries, newest first, and the secretariat's button that sends one back to the service's
queue once the cause is fixed (POST /dead-letters/<id>/replay on that service)."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, url_for
from flask_babel import gettext

from services.portal.adapters.peers import Peers, Refusal, in_parallel
from services.portal.pages.context import current, peers
from services.portal.pages.secretariat import confirmed, secretariat_only
from shared.web.client import PeerUnavailable

blp = Blueprint("secretariat_dead_letters", __name__, url_prefix="/secretariat/dead-letters")
blp.before_request(secretariat_only)

#: the most letters shown a service: a flood is one cause, seen in its newest letters, and
#: six services of them keep the page under 100 KB (issue 21, a poor connection)
SHOWN = 20


def _services() -> list[str]:
    return sorted(current().settings.urls)


#: a service that did not answer (the others' letters still show)
SILENT = "silent"


def _letters(p: Peers, service: str) -> list[dict] | str | None:
    """A service's newest letters; None where it hears no events, and so keeps none."""
    try:
        return p.maybe(service, "/dead-letters", page_size=SHOWN)
    except PeerUnavailable:
        return SILENT


def _render(refused_letter: tuple[str, int] | None = None, refusal: Refusal | None = None):
    services, p = _services(), peers()
    found = {service: letters for service, letters in zip(
        services, in_parallel([lambda s=s: _letters(p, s) for s in services]), strict=True)
        if letters is not None}
    page = render_template("secretariat/dead_letters.html", letters=found, silent=SILENT,
                           refused_letter=refused_letter, refusal=refusal)
    return page, refusal.status if refusal else 200


@blp.get("/")
def page():
    return _render()


@blp.post("/<service>/<int:letter_id>/replay")
def replay(service: str, letter_id: int):
    if service not in _services():
        abort(404)
    sent = peers().send(service, f"/dead-letters/{letter_id}/replay")
    if sent.refusal:
        return _render((service, letter_id), sent.refusal)
    return confirmed(url_for("secretariat_dead_letters.page"), gettext(
        "Dead letter %(number)s is sent back to the %(service)s service's queue.",
        number=letter_id, service=service))
