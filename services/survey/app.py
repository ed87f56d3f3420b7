"""The survey web app: `gunicorn 'services.survey.app:create_app()'`."""

from __future__ import annotations

from flask import Flask

from services.survey.api.answers import blp as answers_blp
from services.survey.api.results import blp as results_blp
from services.survey.api.surveys import blp as surveys_blp
from services.survey.bootstrap import bootstrap
from services.survey.settings import Settings
from shared.clock import Clock
from shared.web.api import create_api


def create_app(settings: Settings | None = None, clock: Clock | None = None) -> Flask:
    app = Flask(__name__)
    ctx = bootstrap(settings, clock)
    app.extensions["revmod"] = ctx
    api = create_api(app, "REVMOD survey", ctx.engine, ctx.settings.jwt_config())
    for blp in (surveys_blp, answers_blp, results_blp):
        api.register_blueprint(blp)
    return app
