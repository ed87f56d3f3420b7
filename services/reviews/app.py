"""The reviews web app: `gunicorn 'services.reviews.app:create_app()'`."""

from __future__ import annotations

from flask import Flask

from services.reviews.api import (
    answers,
    documents,
    history,
    observations,
    reports,
    resources,
    scope,
    stages,
)
from services.reviews.bootstrap import bootstrap
from services.reviews.settings import Settings
from shared.clock import Clock
from shared.web.api import create_api


def create_app(settings: Settings | None = None, clock: Clock | None = None) -> Flask:
    app = Flask(__name__)
    ctx = bootstrap(settings, clock)
    app.extensions["revmod"] = ctx
    api = create_api(app, "REVMOD reviews", ctx.engine, ctx.settings.jwt_config())
    scope.install(app)
    resources.install(app)
    for module in (resources, stages, answers, documents, reports, history, observations):
        api.register_blueprint(module.blp)
    return app
