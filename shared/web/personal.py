"""Personal data in every service's answers (a person's e-mail address or phone, the token
subject that names a State's official in the steps it took): the one place that decides
who sees it.

A response field declared with `personal=True` metadata is dumped only when
`shows_personal_data` says so for the State the row belongs to: for the secretariat, and
for the same State's focal point.
"""

from __future__ import annotations

from collections.abc import Mapping

import marshmallow as ma
from flask import g, has_request_context


def shows_personal_data(state_code: str | None) -> bool:
    """The secretariat, and the same State's focal point; nobody else (nor any answer
    built outside a request). A row about no State (a step the secretariat recorded, in
    the name it chose) holds no State's personal data."""
    if state_code is None:
        return True
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


def hide_personal_data(fields: Mapping[str, ma.fields.Field], data: dict,
                       state_code: str | None) -> dict:
    """`data` (dumped through `fields`) without its personal fields, unless the caller may
    see the personal data of `state_code`."""
    if not shows_personal_data(state_code):
        for name, field in fields.items():
            if field.metadata.get("personal"):
                data.pop(field.data_key or name, None)
    return data


class PersonalDataSchema(ma.Schema):
    """A response schema whose personal fields drop out for callers who may not see them;
    `STATE_FIELD` names the State whose person the row holds."""

    STATE_FIELD = "state_code"

    @ma.post_dump(pass_original=True)
    def _hide_personal_data(self, data: dict, original, **kwargs) -> dict:
        state = (original.get(self.STATE_FIELD) if isinstance(original, Mapping)
                 else getattr(original, self.STATE_FIELD))
        return hide_personal_data(self.dump_fields, data, state)
