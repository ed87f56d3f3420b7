"""The language each page speaks (services/portal/domain/languages.py says which), and the
switcher every page carries: six buttons in one small form, which works without script.

The person's pick is kept in a cookie of its own rather than in the session, so that it
outlives signing in and out (both start a new session): the sign-in page stays in the
language the person chose. Their Mission's language is read from the nominations service
once per session, at the first page after signing in, and kept in the session.
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, g, redirect, request, session
from flask_babel import gettext

from services.portal.domain import languages
from services.portal.pages.context import current, peers, signed_in
from services.portal.pages.signin import _safe_next as safe_next
from shared.web.client import PeerUnavailable

blp = Blueprint("language", __name__)

#: the cookie that holds the person's pick
COOKIE = "revmod_language"
#: the session's record of the signed-in person's Mission and its language
MISSION_KEY = "mission_language"
KEPT_FOR = dt.timedelta(days=365)


def page_language() -> str:
    if "language" not in g:  # chosen once per request
        g.language = languages.choose(
            request.cookies.get(COOKIE), mission_language(),
            request.accept_languages.best_match(languages.LANGUAGES))
    return g.language


def select_locale() -> str:
    """Flask-Babel's locale selector."""
    return languages.locale_of(page_language())


def mission_language() -> str | None:
    """The language of the signed-in person's Permanent Mission, asked of the nominations
    service once per session; None for the secretariat, or where the service has none."""
    who = signed_in()
    if who is None or who.state is None:
        return None
    kept = session.get(MISSION_KEY)
    if not (isinstance(kept, dict) and kept.get("state") == who.state):
        kept = {"state": who.state, "language": _ask_mission(who.state)}
        session[MISSION_KEY] = kept
    return kept["language"]


def _ask_mission(state: str) -> str | None:
    """A service that does not answer now leaves the page in the browser's language for the
    session, rather than make every page wait for it."""
    try:
        mission = peers().maybe("nominations", f"/missions/{state}")
    except PeerUnavailable:
        return None
    return (mission or {}).get("language")


def switcher() -> dict:
    """What base.html needs to draw the page's language and the switcher."""
    language = page_language()
    here = request.full_path.rstrip("?") if request.method == "GET" else request.path
    return {"page_language": language, "page_lang_tag": languages.tag_of(language),
            "page_direction": languages.direction_of(language), "page_path": here,
            "language_choices": [(code, languages.OWN_NAMES[code], languages.tag_of(code))
                                 for code in languages.LANGUAGES]}


@blp.post("/language")
def pick():
    """Keep the language picked (the guard checked the form's CSRF token) and show the page
    the person was on, now in that language."""
    chosen = request.form.get("language", "")
    if chosen not in languages.LANGUAGES:
        abort(400, description=gettext("Choose one of the six languages."))
    answer = redirect(safe_next(request.form.get("back")), code=303)
    answer.set_cookie(COOKIE, chosen, max_age=int(KEPT_FOR.total_seconds()), httponly=True,
                      samesite="Lax", secure=current().settings.secure_cookies)
    return answer
