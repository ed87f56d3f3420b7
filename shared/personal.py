"""Personal data (a person's e-mail address or phone) in every service's answers: the one
place that decides who sees it.

A response field declared with `personal=True` metadata is dumped only when
`shows_personal_data` says so for the State the row belongs to: for the secretariat, and
for the same State's focal point.
"""

from __future__ import annotations

import marshmallow as ma
from flask import g, has_request_context


def shows_personal_data(state_code: str) -> bool:
    """The secretariat, and the same State's focal point; nobody else (nor any answer
    built outside a request)."""
    principal = g.get("principal") if has_request_context() else None
    if principal is None:
        return False
    return principal.is_secretariat or (
        principal.role == "focal_point" and principal.state == state_code)


def Personal(field: ma.fields.Field) -> ma.fields.Field:  # noqa: N802 - wraps a field
    field.metadata = {**field.metadata, "personal": True, "x-personal-data": True,
                      "description": "personal data: shown to the secretariat and the "
                                   "same State's focal point only"}
    return field


class PersonalDataSchema(ma.Schema):
    """A response schema whose personal fields drop out for callers who may not see them."""

    @ma.post_dump(pass_original=True)
    def _hide_personal_data(self, data: dict, original, **kwargs) -> dict:
        if shows_personal_data(original.state_code):
            return data
        for name, field in self.dump_fields.items():
            if field.metadata.get("personal"):
                data.pop(field.data_key or name, None)
        return data
