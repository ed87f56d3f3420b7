"""What every API, import and contract checks the same way: patterns that the whole value
must match, and State party codes."""

from __future__ import annotations

from marshmallow import ValidationError, fields, validate


class Whole(validate.Regexp):
    """A pattern the whole value must match. marshmallow's Regexp uses `re.match`, which
    looks only at the start, and its `$` also matches before a final line break, so
    `^[A-Z]{3}$` let "AFG\\n" through. The pattern is still written with ^ and $ for the
    OpenAPI document, where JSON Schema searches the value."""

    def __call__(self, value):
        if self.regex.fullmatch(value) is None:
            raise ValidationError(self._format_error(value))
        return value


STATE_CODE = Whole(r"^[A-Z]{3}$", error="must be an ISO 3166-1 alpha-3 code")


def is_state_code(value: object) -> bool:
    """Three upper-case ASCII letters, and nothing else."""
    return isinstance(value, str) and STATE_CODE.regex.fullmatch(value) is not None


def StateCode(**kw) -> fields.String:  # noqa: N802 - reads like the field class it builds
    """An ISO 3166-1 alpha-3 code, the key of a State party in every service."""
    return fields.String(validate=STATE_CODE, **kw)
