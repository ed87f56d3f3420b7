"""The lots service's part of the history bundle (docs/history-bundle.md), offered to the
secretariat over the API: each file sent as text/csv, checked whole, refused whole."""

from __future__ import annotations

import marshmallow as ma
from flask import request
from flask.views import MethodView
from werkzeug.exceptions import UnsupportedMediaType

from services.lots.adapters.party_history_csv import COLUMNS
from services.lots.handlers.party_history import import_party_history
from shared.context import current
from shared.web.blueprint import Blueprint

blp = Blueprint("history", __name__, description="The lots service's part of the history")


class PartiesImportedSchema(ma.Schema):
    registered = ma.fields.Integer()
    updated = ma.fields.Integer()
    unchanged = ma.fields.Integer()


@blp.route("/history/parties")
class PartiesHistory(MethodView):
    @blp.doc(requestBody={
        "required": True, "description": f"parties.csv; header: {','.join(COLUMNS)}",
        "content": {"text/csv": {"schema": {"type": "string"}}}})
    @blp.response(200, PartiesImportedSchema)
    def post(self):
        """Import the parties as they stood (parties.csv), all of it or, with every bad
        line named by file, line, field and reason, none; the same file again changes
        nothing"""
        if request.mimetype != "text/csv":
            raise UnsupportedMediaType("send parties.csv as text/csv")
        return import_party_history(current(), request.get_data())
