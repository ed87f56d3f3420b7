"""The notifications web app: `gunicorn 'services.notifications.app:create_app()'`."""

from __future__ import annotations

from flask import Flask

from services.notifications.api.resources import blp
from services.notifications.bootstrap import bootstrap
from services.notifications.settings import Settings
from shared.clock import Clock
from shared.web.api import create_api


def create_app(settings: Settings | None = None, clock: Clock | None = None) -> Flask:
    app = Flask(__name__)
    ctx = bootstrap(settings, clock)
    app.extensions["revmod"] = ctx
    api = create_api(app, "REVMOD notifications", ctx.engine, ctx.settings.jwt_config())
    api.register_blueprint(blp)
    return app
