"""The nominations service's part of the history bundle (docs/history-bundle.md), offered
to the secretariat over the API: nominations.csv and withdrawals.csv sent together, checked
whole, refused whole."""

from __future__ import annotations

import marshmallow as ma
from flask import request
from flask.views import MethodView
from werkzeug.exceptions import UnsupportedMediaType

from services.nominations.api.history_csv import (
    NOMINATION_COLUMNS,
    WITHDRAWAL_COLUMNS,
    read_part,
)
from services.nominations.domain.history import NOMINATIONS_FILE, WITHDRAWALS_FILE
from services.nominations.handlers.history_import import import_nominations_history
from shared.context import current
from shared.web.blueprint import Blueprint
from shared.web.errors import Unprocessable

blp = Blueprint("history", __name__,
                description="The nominations service's part of the history bundle")

_FILES = {
    "required": True,
    "description": f"multipart/form-data: the file {NOMINATIONS_FILE} (header: "
                   f"{','.join(NOMINATION_COLUMNS)}) and, optional, {WITHDRAWALS_FILE} "
                   f"(header: {','.join(WITHDRAWAL_COLUMNS)}), as parts of those names",
    "content": {"multipart/form-data": {"schema": {
        "type": "object", "required": [NOMINATIONS_FILE],
        "properties": {NOMINATIONS_FILE: {"type": "string", "format": "binary"},
                       WITHDRAWALS_FILE: {"type": "string", "format": "binary"}}}}},
}


class NominationsHistorySchema(ma.Schema):
    lines = ma.fields.Integer(metadata={"description": "lines read in both files"})
    nominations = ma.fields.Integer(metadata={"description": "nominations written"})
    withdrawals = ma.fields.Integer(metadata={"description": "nominations ended"})


@blp.route("/history/nominations")
class NominationsHistory(MethodView):
    @blp.doc(requestBody=_FILES)
    @blp.response(200, NominationsHistorySchema)
    def post(self):
        """Import the nominations and withdrawals of the past, all of it or, with every bad
        line named by file, line, field and reason, none; the same files again change
        nothing and publish nothing"""
        if request.mimetype != "multipart/form-data":
            raise UnsupportedMediaType(f"send {NOMINATIONS_FILE} (and {WITHDRAWALS_FILE}) "
                                       "as multipart/form-data")
        nominations = request.files.get(NOMINATIONS_FILE)
        if nominations is None:
            raise Unprocessable(f"{NOMINATIONS_FILE} is missing", field=NOMINATIONS_FILE)
        withdrawals = request.files.get(WITHDRAWALS_FILE)
        part = read_part(nominations.read(), withdrawals.read() if withdrawals else None)
        return import_nominations_history(current(), part)
