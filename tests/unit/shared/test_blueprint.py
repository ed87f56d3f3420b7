"""shared.web.blueprint.Blueprint answers, paginates and documents exactly as flask-smorest's
own Blueprint does; it only builds less on each request."""

from __future__ import annotations

import flask_smorest
import marshmallow as ma
import pytest
from flask import Flask
from flask.views import MethodView

from shared.web import blueprint


class ItemFilter(ma.Schema):
    colour = ma.fields.String(validate=ma.validate.OneOf(["red", "blue"]))


class Item(ma.Schema):
    id = ma.fields.Integer()
    colour = ma.fields.String()


ITEMS = [{"id": i, "colour": "red" if i % 3 else "blue"} for i in range(1, 24)]


def client_with(blueprint_class):
    app = Flask(__name__)
    app.config.update(API_TITLE="t", API_VERSION="1", OPENAPI_VERSION="3.0.3",
                      OPENAPI_URL_PREFIX="/", OPENAPI_JSON_PATH="openapi.json")
    api = flask_smorest.Api(app)
    blp = blueprint_class("items", __name__)

    @blp.route("/items")
    class Items(MethodView):
        @blp.arguments(ItemFilter, location="query")
        @blp.response(200, Item(many=True))
        @blp.paginate()
        def get(self, filters, pagination_parameters):
            """List the items"""
            chosen = [i for i in ITEMS if filters.get("colour") in (None, i["colour"])]
            pagination_parameters.item_count = len(chosen)
            start = pagination_parameters.first_item
            return chosen[start:start + pagination_parameters.page_size]

    api.register_blueprint(blp)
    return app.test_client()


@pytest.fixture(scope="module")
def clients():
    return client_with(flask_smorest.Blueprint), client_with(blueprint.Blueprint)


@pytest.mark.parametrize("query", [
    "", "page=2", "page_size=5&page=5", "page_size=5&page=9", "colour=blue&page_size=2",
    "colour=green", "page=0", "page_size=101", "page_size=x", "colour=red&page=3&page_size=4",
])
def test_answers_and_pagination_headers_are_flask_smorests_own(clients, query):
    theirs, ours = (c.get(f"/items?{query}") for c in clients)
    assert (ours.status_code, ours.get_json(), ours.headers.get("X-Pagination")) == (
        theirs.status_code, theirs.get_json(), theirs.headers.get("X-Pagination"))


def test_the_openapi_document_is_flask_smorests_own(clients):
    theirs, ours = (c.get("/openapi.json").get_json() for c in clients)
    assert ours == theirs
