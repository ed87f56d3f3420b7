"""What every API, import and command checks the same way: patterns that the whole value
must match, State party codes, and the days the mechanism can be about."""

from __future__ import annotations

import argparse
import datetime as dt

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


#: a meeting's short name, e.g. `IRG-2021-05`, as the draws and the history bundle name it
MEETING_NAME = Whole(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$",
                     error="1 to 40 letters, digits, '.', '_', '/', '-'")


def MeetingName(**kw) -> fields.String:  # noqa: N802 - reads like the field class it builds
    return fields.String(validate=MEETING_NAME, **kw)


def is_state_code(value: object) -> bool:
    """Three upper-case ASCII letters, and nothing else."""
    return isinstance(value, str) and STATE_CODE.regex.fullmatch(value) is not None


def StateCode(**kw) -> fields.String:  # noqa: N802 - reads like the field class it builds
    """An ISO 3166-1 alpha-3 code, the key of a State party in every service."""
    return fields.String(validate=STATE_CODE, **kw)


#: the days a request may name: a date far beyond (9999-12-31) overflowed the deadline
#: arithmetic, and events about it could not be handled
FIRST_DAY, LAST_DAY = dt.date(2000, 1, 1), dt.date(2100, 12, 31)
DAY_RANGE = f"between {FIRST_DAY.isoformat()} and {LAST_DAY.isoformat()}"


def within_range(day: dt.date) -> dt.date:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValidationError(f"must be {DAY_RANGE}")
    return day


class Day(fields.Date):
    """A date in a request or an imported file: ISO 8601, from 2000 to 2100."""

    def _deserialize(self, value, attr, data, **kwargs) -> dt.date:
        return within_range(super()._deserialize(value, attr, data, **kwargs))


def day_argument(text: str) -> dt.date:
    """The `type` of a command-line date option, with the same rule."""
    try:
        return within_range(dt.date.fromisoformat(text))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from exc
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(f"{text} is not {DAY_RANGE}") from exc
