"""The portal web app: `gunicorn 'services.portal.app:create_app()'`.

Where the secretariat, focal points, experts and observers do their part of the reviews:
server-rendered pages and forms, charts as inline SVG; every form calls the owning
service's API with the person's own token, so the portal keeps no database and no queue,
and nothing is loaded from outside the portal itself.
"""

from __future__ import annotations

from flask import Flask
from flask_babel import Babel

from services.portal.adapters import catalogs
from services.portal.bootstrap import bootstrap
from services.portal.pages import (
    draws,
    errors,
    guard,
    language,
    layout,
    localised,
    observations,
    overview,
    people,
    probes,
    questionnaire,
    reminders,
    reports,
    review,
    reviews,
    secretariat,
    secretariat_conference,
    secretariat_dead_letters,
    secretariat_draws,
    secretariat_nominations,
    secretariat_review,
    secretariat_surveys,
    signin,
    summary,
)
from services.portal.settings import Settings
from shared.clock import Clock

#: the largest form the portal reads. The reviews service takes an answer of 50,000
#: characters (and feedback of 20,000); a browser sends a form percent-encoded, up to 12
#: bytes for one character (4 bytes of UTF-8, each as %XX), so 50,000 characters in any
#: script with their citations fit in 1 MiB, and the service's own 422 names the field
#: beyond its limit. A form larger than this is refused before it is read (the 413 page).
MAX_FORM_BYTES = 1024 * 1024
#: nothing but the portal's own stylesheet, no script from anywhere, no framing
POLICY = ("default-src 'none'; style-src 'self'; img-src 'self' data:; "
          "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


def create_app(settings: Settings | None = None, clock: Clock | None = None,
               peers_factory=None, accounts=None) -> Flask:
    ctx = bootstrap(settings, clock, peers_factory, accounts)
    settings = ctx.settings
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=settings.secret_key,
        SESSION_COOKIE_NAME="revmod_portal",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        MAX_CONTENT_LENGTH=MAX_FORM_BYTES,
        BABEL_TRANSLATION_DIRECTORIES=str(catalogs.FOLDER),
    )
    app.extensions["portal"] = ctx
    catalogs.compile_catalogs()
    Babel(app, locale_selector=language.select_locale)
    register_pages(app)
    register_hooks(app)
    return app


#: the secretariat's forms: each blueprint answers 403 to anyone else (pages/secretariat.py)
SECRETARIAT_PAGES = (secretariat.blp, secretariat_nominations.blp, secretariat_review.blp,
                     secretariat_draws.blp, secretariat_conference.blp, secretariat_surveys.blp,
                     secretariat_dead_letters.blp)


def register_pages(app: Flask) -> None:
    for blueprint in (signin.blp, language.blp, probes.blp, overview.blp, reviews.blp,
                      review.blp, reminders.blp, draws.blp, questionnaire.blp,
                      observations.blp, summary.blp, reports.trends_blp,
                      reports.surveys_blp):
        app.register_blueprint(blueprint)
    for blueprint in (people.blp, *SECRETARIAT_PAGES):
        app.register_blueprint(blueprint)
    errors.register(app)


def register_hooks(app: Flask) -> None:
    app.before_request(errors.refuse_json)
    app.before_request(signin.require_sign_in)
    app.before_request(guard.guard_post)
    app.jinja_env.globals.update(csrf_token=guard.csrf_token, once_token=guard.once_token)
    app.jinja_env.filters.update(localised.FILTERS)
    app.context_processor(layout.layout_globals)
    app.context_processor(language.switcher)

    @app.after_request
    def protect(response):
        response.headers.setdefault("Content-Security-Policy", POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if response.mimetype == "text/html":
            # pages hold one State's data for one person: never kept by a shared cache
            response.headers["Cache-Control"] = "no-store"
        return response
