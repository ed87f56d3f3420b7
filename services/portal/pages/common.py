"""Reads several pages share: the States parties' names and regional groups, and a review
as the signed-in person may see it."""

from __future__ import annotations

from flask import abort

from services.portal.adapters.peers import Peers, Refusal
from services.portal.domain.claims import Viewer
from services.portal.domain.tables import takes_part
from services.portal.pages.context import current


def states(p: Peers) -> list[dict]:
    """Every State party, as the lots service listed it within the last minute."""
    return current().states.get(lambda: p.all("lots", "/states"))


def state_names(p: Peers) -> dict[str, str]:
    return {s["code"]: s["name"] for s in states(p)}


def visible_review(p: Peers, viewer: Viewer, review_id: int) -> dict:
    """The review's detail, or the 404 page: a review of another State answers as one that
    does not exist, so that a person cannot learn that it exists."""
    detail = p.maybe("reviews", f"/reviews/{review_id}")
    if detail is None or (viewer.scoped and not takes_part(detail, viewer.state)):
        abort(404)
    return detail


def refusal_status(refusal: Refusal) -> int:
    """The status of a page showing a service's refusal: the service's own (403, 404, 409,
    413, 422), 400 for another 4xx."""
    return refusal.status if refusal.status in (403, 404, 409, 413, 422) else 400
