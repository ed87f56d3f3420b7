"""A review's detail as JSON through `FlatDump` (shared/web/flat_dump.py): the JSON that
`ReviewDetailSchema.dump` makes, at a third of its cost.

Every stage command answers with the detail, and the stage history in it grows by one
change each time: marshmallow's work around each value of each change became the largest
cost of the answer after the database. The schema is flat but for that history, a list of
flat `StageChangeSchema` items, so each part goes through its own FlatDump. The views keep
`@blp.response(200, ReviewDetailSchema)`, which the OpenAPI document shows; flask-smorest
sends a ready response as it is. A change a State's official made names it (its token's
subject): that name is personal data (shared/web/personal.py).
"""

from __future__ import annotations

from flask import Response, current_app

from services.reviews.api.schemas import ReviewDetailSchema
from shared.web.flat_dump import FlatDump
from shared.web.personal import hide_personal_data

_HISTORY_FIELD = ReviewDetailSchema().fields["stage_history"]  # List(Nested(StageChange...))
_OWN_FIELDS = FlatDump(ReviewDetailSchema(exclude=("stage_history",)))
_CHANGES = FlatDump(_HISTORY_FIELD.inner.schema)
_CHANGE_FIELDS = _HISTORY_FIELD.inner.schema.dump_fields


def detail_response(detail: dict) -> Response:
    """The 200 answer showing `detail` (from queries.detail_of)."""
    body = _OWN_FIELDS([detail])[0]
    body[_HISTORY_FIELD.data_key or "stage_history"] = [
        hide_personal_data(_CHANGE_FIELDS, change, change["actor_state"])
        for change in _CHANGES(detail[_HISTORY_FIELD.attribute])]
    return current_app.json.response(body)
