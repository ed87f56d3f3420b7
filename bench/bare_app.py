"""The baseline of bench/api.py: a bare Flask endpoint answering a fixed 50-item list, with
no token check and no database, served by gunicorn exactly as the services are."""

from __future__ import annotations

from flask import Flask

ITEMS = [{"id": i, "state_under_review": "AUT", "reviewing_states": ["DEU", "BRA"],
          "stage": "waiting_for_nominations", "group_number": 1} for i in range(50)]


def create_app() -> Flask:
    app = Flask(__name__)

    @app.get("/reviews")
    def reviews():
        return ITEMS

    return app
