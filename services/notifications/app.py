"""The notifications web app: `gunicorn 'services.notifications.app:create_app()'`."""

from __future__ import annotations

from flask import Flask

from services.notifications.api.resources import blp
from services.notifications.settings import Settings
from shared.clock import Clock
from shared.context import bootstrap
from shared.web.api import create_api


def create_app(settings: Settings | None = None, clock: Clock | None = None) -> Flask:
    settings = settings or Settings.from_env()
    app = Flask(__name__)
    ctx = bootstrap(settings, clock)
    app.extensions["revmod"] = ctx
    api = create_api(app, "REVMOD notifications", ctx.engine)
    api.register_blueprint(blp)
    return app
