"""The secretariat's import of the reviews' part of the history bundle (stages.csv,
consultations.csv and decisions.csv; docs/history-bundle.md)."""

from __future__ import annotations

from flask import request
from flask.views import MethodView
from marshmallow import Schema, fields

from services.reviews.api.history_files import REQUIRED_FILES, SHAPES, read_part
from services.reviews.handlers.history_import import import_history
from shared.context import current
from shared.web.blueprint import Blueprint
from shared.web.errors import Unprocessable

blp = Blueprint("history", __name__, description="The mechanism's past, brought in once")

_FILES = {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": list(REQUIRED_FILES),
    "properties": {name: {"type": "string", "format": "binary",
                          "description": "columns: " + ",".join(shape.columns)}
                   for name, shape in SHAPES.items()}}}}}


class HistoryImportResultSchema(Schema):
    stage_changes = fields.Integer(metadata={"description": "stage changes recorded"})
    consultations = fields.Integer(metadata={"description": "consultations recorded"})
    decisions = fields.Integer(metadata={"description": "Conference decisions recorded"})
    already_recorded = fields.Integer(
        metadata={"description": "facts of the files already on record, passed over"})


@blp.route("/history/import")
class HistoryImport(MethodView):
    @blp.doc(requestBody=_FILES)
    @blp.response(200, HistoryImportResultSchema)
    def post(self):
        """Import the reviews' part of the history: all of it or, every bad line named, none"""
        if not request.files:
            raise Unprocessable("send the files as multipart/form-data, each under its "
                                "own name (stages.csv, consultations.csv, decisions.csv)",
                                field="file")
        files = {name: upload.read() for name, upload in request.files.items()}
        return import_history(current(), read_part(files))
