"""Error pages: what went wrong in words a person can act on, with the right status.

A review that does not exist and a review of another State answer the same 404 page, so a
focal point cannot learn that a review it may not see exists.
"""

from __future__ import annotations

import logging

from flask import Flask, render_template, request
from flask_babel import gettext, lazy_gettext
from werkzeug.exceptions import HTTPException

from services.portal.adapters.peers import status_of
from shared.web.client import PeerUnavailable
from shared.web.errors import problem

log = logging.getLogger(__name__)

TITLES = {400: lazy_gettext("The request cannot be read"), 403: lazy_gettext("Not allowed"),
          404: lazy_gettext("Page not found"), 405: lazy_gettext("Not allowed here"),
          409: lazy_gettext("Sent already"), 413: lazy_gettext("Too much sent"),
          503: lazy_gettext("A service is unavailable")}
#: what to say where the error carries only Werkzeug's own words, which are English
DETAILS = {405: lazy_gettext("This page cannot be used this way.")}


#: a form larger than the portal reads (app.py MAX_FORM_BYTES): nothing of it was read
TOO_LARGE = lazy_gettext(
    "What you sent is larger than the portal accepts (1 MB), so nothing of it was saved. An "
    "answer may have at most 50,000 characters, feedback and replies 20,000. Go back with "
    "your browser's Back button (it keeps what you typed), shorten the text and send it "
    "again.")


def error_page(status: int, detail: str):
    return render_template("error.html", status=status,
                           title=TITLES.get(status, lazy_gettext("Error")),
                           detail=detail), status


def _not_yours():
    return error_page(404, gettext("There is no such page, or it is not yours to see."))


def refuse_json():
    """Before every request: the portal reads forms, never JSON; a client that sends JSON
    (nested too deep or not even JSON) is told so the way the services tell it."""
    if request.is_json:
        return problem(400, "Bad Request",
                       "the portal reads forms (application/x-www-form-urlencoded), not JSON")
    return None


def register(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if exc.code == 404:
            return _not_yours()
        if exc.code == 413:
            return error_page(413, TOO_LARGE)
        own_words = exc.description == type(exc).description
        return error_page(exc.code or 500, DETAILS.get(exc.code, "") if own_words
                          else exc.description or "")

    @app.errorhandler(PeerUnavailable)
    def peer_error(exc: PeerUnavailable):
        status = status_of(exc)
        if status == 404:
            return _not_yours()
        if status in (401, 403):
            return error_page(403, gettext(
                "%(reason)s: your token may have expired or may not allow this. Sign out "
                "and sign in with a new token.", reason=exc.detail))
        log.warning("portal page failed: %s", exc.detail)
        return error_page(503, gettext("%(reason)s. Try again in a moment.",
                                       reason=exc.detail))
