"""Signing in with a token: the person pastes the JWT they were given; the portal keeps it
in its signed session cookie and sends it with every call it makes on their behalf.

Forms that change the session carry a per-session token (CSRF), so another site cannot sign
a person in or out behind their back.
"""

from __future__ import annotations

import hmac
import secrets

from flask import Blueprint, abort, redirect, render_template, request, session, url_for

from services.portal.domain.claims import UnreadableToken, read_token
from services.portal.pages.context import TOKEN_KEY, current, signed_in

blp = Blueprint("signin", __name__)

#: endpoints anyone may reach without signing in
PUBLIC_ENDPOINTS = {"signin.form", "signin.submit", "static", "probes.healthz",
                    "probes.readyz"}


def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(24)
    return session["csrf"]


def check_csrf() -> None:
    sent = request.form.get("csrf", "")
    if not sent or not hmac.compare_digest(sent, session.get("csrf", "")):
        abort(400, description="the form has expired: reload the page and send it again")


def require_sign_in():
    """Before every request: a page needs a usable token, else the sign-in form."""
    if request.endpoint in PUBLIC_ENDPOINTS or request.endpoint is None:
        return None
    if signed_in() is None:
        return redirect(url_for("signin.form", next=request.full_path.rstrip("?")))
    return None


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never send someone on to another site after sign-in.
    A browser drops tabs and line breaks from a Location and reads a backslash as a slash,
    so a slash, a tab and a slash (`/%09/evil.example/` in a link) would lead it to another
    host: a target holding a backslash, a control character or a space is not taken."""
    if (target and target.startswith("/") and not target.startswith("//")
            and not any(c == "\\" or c.isspace() or ord(c) < 32 or ord(c) == 127
                        for c in target)):
        return target
    return url_for("overview.page")


@blp.get("/signin")
def form():
    return render_template("signin.html", error=None, next=request.args.get("next", ""))


@blp.post("/signin")
def submit():
    check_csrf()
    token = request.form.get("token", "")
    try:
        read_token(token, current().clock.now())
    except UnreadableToken as exc:
        return render_template("signin.html", error=str(exc),
                               next=request.form.get("next", "")), 400
    session.clear()
    session[TOKEN_KEY] = "".join(token.split())
    return redirect(_safe_next(request.form.get("next")), code=303)


@blp.post("/signout")
def signout():
    check_csrf()
    session.clear()
    return redirect(url_for("signin.form"), code=303)
