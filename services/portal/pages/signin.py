"""Signing in: e-mail, password and, where the account has one, the second factor's code,
checked by the accounts service, which gives a short-lived token for the person's role. The
portal keeps the token in its signed session cookie, sends it with every call it makes on
their behalf, asks the accounts service at every page whether the session and the role
still hold (a withdrawn nomination signs its holder out of that role at the next page) and
renews the token as they go on working. The letters' links lead here to choose a password.

Pasting a token is offered only where PORTAL_ACCEPTS_PASTED_TOKENS is on (development, and
the tests that sign in as any role); never where people sign in with their accounts.

Its forms carry the session's CSRF token like every form (pages/guard.py), so another
site cannot sign a person in or out behind their back.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from flask import Blueprint, g, redirect, render_template, request, session, url_for
from flask_babel import gettext, lazy_gettext

from services.portal.domain.claims import UnreadableToken, read_token
from services.portal.pages.context import TOKEN_KEY, current, signed_in

blp = Blueprint("signin", __name__)

#: endpoints anyone may reach without signing in
PUBLIC_ENDPOINTS = {"signin.form", "signin.submit", "signin.forgot", "signin.welcome",
                    "signin.choose_password", "static", "probes.healthz", "probes.readyz",
                    "language.pick"}
#: a token this close to its end is renewed at the next page
RENEW_BEFORE = dt.timedelta(minutes=5)


def require_sign_in():
    """Before every request: a page needs a usable token whose session still holds, else
    the sign-in form."""
    if request.endpoint in PUBLIC_ENDPOINTS or request.endpoint is None:
        return None
    viewer = signed_in()
    if viewer is None:
        if request.endpoint == "signin.signout":  # signed out already
            return redirect(url_for("signin.form"), code=303)
        if request.method == "POST":
            return _form(401, notice=SESSION_ENDED, kept=kept_text(), next=_back_to())
        return redirect(url_for("signin.form", next=request.full_path.rstrip("?")))
    if viewer.account is not None:
        return _session_holds(viewer)
    return None


def _session_holds(viewer):
    """Ask the accounts service; sign out at once when it says the session or role ended."""
    accounts, token = current().accounts, session[TOKEN_KEY]
    answer = accounts.check(token)
    if answer.status == 401:
        session.clear()
        g.viewer = None
        posted = request.method == "POST"
        return render_template("signin.html", error=None, next=_back_to() if posted else "",
                               email="", ask_code=False,
                               notice=gettext("You were signed out: %(reason)s",
                                              reason=answer.detail),
                               kept=kept_text() if posted else [], **_pasting()), 401
    if viewer.expires_at and viewer.expires_at - current().clock.now() < RENEW_BEFORE:
        renewed = accounts.renew(token)
        if renewed.status == 201:
            session[TOKEN_KEY] = renewed.body["token"]
    return None


#: what a form sent after its session ended is told (its text is shown back to be copied)
SESSION_ENDED = lazy_gettext("Your session ended before this form was sent, so nothing was "
                             "saved. Copy what you wrote from below, sign in, and send it "
                             "again.")
#: fields of a form that are no text of the person's
NOT_TYPED = {"csrf", "once", "then", "version", "token", "password", "next"}


def kept_text() -> list[tuple[str, str]]:
    """What the person typed in the form that came after the session ended, field by
    field, so that the sign-in page shows it back to be copied rather than lose it."""
    return [(name, value) for name, value in request.form.items(multi=True)
            if name not in NOT_TYPED and value.strip()]


def _back_to() -> str:
    """The page the form was on: the form's own address is a POST's, not a page's."""
    return _safe_next(request.referrer and _path_of(request.referrer))


def _path_of(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.netloc and parts.netloc != request.host:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _pasting() -> dict:
    return {"accepts_pasted_tokens": current().settings.accepts_pasted_tokens,
            "token_error": None}


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


def _form(status: int = 200, **shown):
    page = {"error": None, "notice": None, "email": "", "ask_code": False, "kept": [],
            "next": request.values.get("next", ""), **_pasting(), **shown}
    return render_template("signin.html", **page), status


@blp.get("/signin")
def form():
    return _form()


@blp.post("/signin")
def submit():
    if "token" in request.form and current().settings.accepts_pasted_tokens:
        return _with_pasted_token(request.form["token"])
    email = request.form.get("email", "").strip()
    answer = current().accounts.sign_in(email, request.form.get("password", ""),
                                        request.form.get("code", "").strip(),
                                        request.remote_addr)
    if answer.status != 201:
        return _form(401 if answer.status == 401 else 400 if answer.status < 429 else 429,
                     error=answer.detail or gettext("the sign-in was refused"), email=email,
                     ask_code=bool(answer.body.get("second_factor")))
    return _start_session(answer.body["token"])


def _with_pasted_token(token: str):
    try:
        read_token(token, current().clock.now())
    except UnreadableToken as exc:
        return _form(400, token_error=gettext(exc.text, **exc.values))
    return _start_session("".join(token.split()))


def _start_session(token: str):
    session.clear()
    session[TOKEN_KEY] = token
    return redirect(_safe_next(request.form.get("next")), code=303)


@blp.post("/signout")
def signout():
    session.clear()
    return redirect(url_for("signin.form"), code=303)


@blp.get("/welcome")
@blp.get("/reset")
def welcome():
    """The page a letter's link opens: choose a password (an invitation, or a reset)."""
    return render_template("password.html", token=request.args.get("token", ""), error=None)


@blp.post("/password")
def choose_password():
    token, password = request.form.get("token", ""), request.form.get("password", "")
    if password != request.form.get("repeat", ""):
        return render_template("password.html", token=token,
                               error=gettext("the two passwords are not the same")), 400
    answer = current().accounts.use_link(token, password)
    if answer.status != 200:
        errors = answer.body.get("errors") or {}
        detail = next(iter(errors.get("password") or errors.get("token") or []), None)
        return render_template("password.html", token=token,
                               error=detail or answer.detail), 400
    return _form(notice=gettext("Your password is set: sign in with it."),
                 email=answer.body["email"])


@blp.route("/forgot", methods=["GET", "POST"])
def forgot():
    """A reset link by e-mail; the same answer whether or not an account has the address."""
    if request.method == "POST":
        current().accounts.ask_reset(request.form.get("email", "").strip())
        return render_template("forgot.html", sent=True)
    return render_template("forgot.html", sent=False)
