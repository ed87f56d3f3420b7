"""flask-smorest's Blueprint, without the objects it builds again on every request.

Out of the box, webargs makes a new schema instance from a schema class at each request
(the class given to `@blp.arguments`, and the page and page size schema behind
`@blp.paginate`), and the pagination header is dumped through a fresh marshmallow schema.
Building a schema deep-copies its fields: on a small read that cost more than the
database. A schema instance holds no request state, so one per class is kept; the
X-Pagination header depends on three numbers alone, so the latest ones are remembered.
The requests, answers and OpenAPI document are flask-smorest's own.
"""

from __future__ import annotations

import functools
import json

import flask_smorest
import marshmallow as ma
from webargs.flaskparser import FlaskParser


class SchemaKeepingParser(FlaskParser):
    """webargs' Flask parser, with one instance per schema class, that reads a body nested
    deeper than Python's JSON parser can follow (which raises RecursionError, a 500) as the
    unreadable JSON it is: a 400, like any other."""

    def load_json(self, req, schema):
        try:
            return super().load_json(req, schema)
        except RecursionError as exc:
            return self._handle_invalid_json_error(exc, req)

    def _get_schema(self, argmap, req) -> ma.Schema:
        if isinstance(argmap, type) and issubclass(argmap, ma.Schema):
            return _instance_of(argmap)
        return super()._get_schema(argmap, req)


@functools.cache
def _instance_of(schema_class: type[ma.Schema]) -> ma.Schema:
    return schema_class()


@functools.lru_cache(maxsize=1024)
def _pagination_header(page: int, page_size: int, item_count: int) -> str:
    return json.dumps(flask_smorest.Blueprint._make_pagination_metadata(
        page, page_size, item_count))


class Blueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = SchemaKeepingParser()
    PAGINATION_ARGUMENTS_PARSER = SchemaKeepingParser()

    def _set_pagination_metadata(self, page_params, result, headers):
        headers = {} if headers is None else headers
        headers[self.PAGINATION_HEADER_NAME] = _pagination_header(
            page_params.page, page_params.page_size, page_params.item_count)
        return result, headers
