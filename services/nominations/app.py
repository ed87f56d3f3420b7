"""The nominations web app: `gunicorn 'services.nominations.app:create_app()'`."""

from __future__ import annotations

from flask import Flask

from services.nominations.api import history, reports, resources
from services.nominations.bootstrap import bootstrap
from services.nominations.settings import Settings
from shared.clock import Clock
from shared.web.api import create_api


def create_app(settings: Settings | None = None, clock: Clock | None = None) -> Flask:
    app = Flask(__name__)
    ctx = bootstrap(settings, clock)
    app.extensions["revmod"] = ctx
    api = create_api(app, "REVMOD nominations", ctx.engine, ctx.settings.jwt_config())
    api.register_blueprint(resources.blp)
    api.register_blueprint(reports.blp)
    api.register_blueprint(history.blp)
    return app
