"""The accounts web app: `gunicorn 'services.accounts.app:create_app()'`. The one process
that holds the signing key."""

from __future__ import annotations

from flask import Flask

from services.accounts.api.resources import blp
from services.accounts.bootstrap import bootstrap
from services.accounts.settings import Settings
from shared.clock import Clock
from shared.web.api import create_api


def create_app(settings: Settings | None = None, clock: Clock | None = None) -> Flask:
    app = Flask(__name__)
    ctx = bootstrap(settings, clock)
    ctx.signer()  # refuse to start without the key it exists to sign with
    app.extensions["revmod"] = ctx
    api = create_api(app, "REVMOD accounts", ctx.engine, ctx.settings.jwt_config())
    api.register_blueprint(blp)
    return app
