"""The lots web app: `gunicorn 'services.lots.app:create_app()'`."""

from __future__ import annotations

from flask import Flask

from services.lots.api import draws, history, meetings
from services.lots.api.resources import blp
from services.lots.bootstrap import bootstrap
from services.lots.settings import Settings
from shared.clock import Clock
from shared.web.api import create_api


def create_app(settings: Settings | None = None, clock: Clock | None = None) -> Flask:
    app = Flask(__name__)
    ctx = bootstrap(settings, clock)
    app.extensions["revmod"] = ctx
    api = create_api(app, "REVMOD lots", ctx.engine, ctx.settings.jwt_config(), consumes=True)
    api.register_blueprint(blp)
    api.register_blueprint(draws.blp)
    api.register_blueprint(history.blp)
    api.register_blueprint(meetings.blp)
    return app
