"""Every form the portal serves is guarded twice before its view runs:

- against cross-site request forgery: it must carry the session's token (`csrf`), which
  another site cannot read;
- against being sent twice: it carries a token of its own (`once`) that the session
  records when the form is sent, so the same form sent again (a second click, the back
  button, a reload that posts again) is refused with words, and nothing is done twice.

The record is the signed session cookie, since the portal keeps no data of its own; it
holds the last USED_KEPT tokens sent. Two copies of one form sent at the same instant
both carry the cookie as it was, so the owning service's own rules are the last guard
(a stage already moved is refused with a 409 there).
"""

from __future__ import annotations

import hmac
import secrets

from flask import abort, request, session
from flask_babel import gettext

#: how many sent forms the session remembers (the cookie must stay well under 4 KB)
USED_KEPT = 24
#: blueprints whose forms carry only the CSRF token: signing in and out, which change the
#: session itself, and picking a language, which may all be sent again harmlessly
ONCE_EXEMPT = {"signin", "language"}


def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(24)
    return session["csrf"]


def once_token() -> str:
    return secrets.token_urlsafe(8)


def check_csrf() -> None:
    sent = request.form.get("csrf", "")
    if not sent or not hmac.compare_digest(sent, session.get("csrf", "")):
        abort(400, description=gettext(
            "the form has expired: reload the page and send it again"))


def guard_post():
    """Before every POST, after the sign-in check."""
    if request.method != "POST" or request.endpoint is None:
        return None
    check_csrf()
    if request.blueprint in ONCE_EXEMPT:
        return None
    once = request.form.get("once", "")
    used = session.get("used", [])
    if not once:
        abort(400, description=gettext(
            "the form is incomplete: reload the page and send it again"))
    if once in used:
        abort(409, description=gettext(
            "this form was sent already, and its first sending is the one that counts: "
            "nothing was done a second time"))
    session["used"] = [*used, once][-USED_KEPT:]
    return None
