"""The lots service's part of the history bundle (docs/history-bundle.md), offered to the
secretariat over the API: each file sent as text/csv, checked whole, refused whole."""

from __future__ import annotations

import marshmallow as ma
from flask import request
from flask.views import MethodView
from werkzeug.exceptions import UnsupportedMediaType

from services.lots.adapters.draw_history_csv import COLUMNS as DRAW_COLUMNS
from services.lots.adapters.draw_history_csv import FILES
from services.lots.adapters.party_history_csv import COLUMNS
from services.lots.handlers.draw_history import PARTIES, import_lots_history
from services.lots.handlers.party_history import import_party_history
from shared.context import current
from shared.web.blueprint import Blueprint
from shared.web.errors import Unprocessable

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


class LotsImportedSchema(ma.Schema):
    parties = ma.fields.Nested(PartiesImportedSchema, required=False)
    meetings = ma.fields.Integer(metadata={"description": "meetings registered"})
    groups = ma.fields.Integer(metadata={"description": "groups (in a phase) created"})
    draws = ma.fields.Integer(metadata={"description": "draws recorded"})
    repetitions = ma.fields.Integer(metadata={"description": "repetitions recorded"})
    unchanged = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer(), metadata={
        "description": "what was already recorded as the files say, by kind"})


_PART_FILES = {PARTIES: COLUMNS, **DRAW_COLUMNS}


@blp.route("/history/draws")
class LotsHistory(MethodView):
    @blp.doc(requestBody={
        "required": True,
        "description": "the lots service's part of a history bundle, one form field per "
                       "file, named as the file: " + "; ".join(
                           f"{name} ({','.join(columns)})"
                           for name, columns in _PART_FILES.items())
                       + f". {PARTIES} and repetitions.csv may be left out.",
        "content": {"multipart/form-data": {"schema": {"type": "object", "properties": {
            name: {"type": "string", "format": "binary"} for name in _PART_FILES}}}}})
    @blp.response(200, LotsImportedSchema)
    def post(self):
        """Import the lots part of the history: parties, meetings, groups, draws and
        repetitions as they were drawn, all of it or, with every bad line named by file,
        line, field and reason, none; draws are checked against the rules of the draw
        (a breach only with the line's exception_reason); the same files again change
        nothing and publish nothing"""
        if request.mimetype != "multipart/form-data":
            raise UnsupportedMediaType("send the files as multipart/form-data")
        unknown = sorted(set(request.files) - set(_PART_FILES))
        missing = [n for n in FILES if n not in request.files and n != "repetitions.csv"]
        if unknown or missing:
            raise Unprocessable(
                "; ".join([*(f"{n} is not a file of the lots part" for n in unknown),
                           *(f"{n} is missing" for n in missing)]),
                field=(unknown or missing)[0])
        return import_lots_history(current(), {n: f.read() for n, f in request.files.items()})
