"""Rows through a flat marshmallow schema, without `Schema.dump`'s work around each value.

`Schema.dump` spends most of its time around each value rather than on it: the accessor,
the missing-value and default checks, the error bookkeeping, for every field of every row of
a list page. For a flat schema none of that work can
change the output when every row carries every field, so `FlatDump` calls each field's own
`_serialize`, the method by which a marshmallow field defines its output (the extension
point marshmallow documents for custom fields): the JSON is the schema's, value for value,
and the schema stays the one the OpenAPI document shows. What could make the two differ is
refused when the dumper is built: dump hooks, nested schemas, fields computed from the
whole object, dotted attributes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import marshmallow as ma

#: fields whose output depends on their own value alone
PLAIN = (ma.fields.String, ma.fields.Number, ma.fields.Boolean, ma.fields.Date,
         ma.fields.DateTime, ma.fields.Time, ma.fields.UUID)


def _check_plain(name: str, field: ma.fields.Field) -> None:
    if isinstance(field, ma.fields.List):
        _check_plain(name, field.inner)
    elif not isinstance(field, PLAIN):
        raise TypeError(f"{name}: {type(field).__name__} is not a plain field")
    if "." in (field.attribute or ""):
        raise TypeError(f"{name}: dotted attribute {field.attribute!r}")


class FlatDump:
    """`FlatDump(SomeSchema())(rows)` == `SomeSchema(many=True).dump(rows)` for rows that
    are mappings holding every field (a missing one is a KeyError, never a silent gap)."""

    def __init__(self, schema: ma.Schema) -> None:
        if schema._hooks[ma.decorators.PRE_DUMP] or schema._hooks[ma.decorators.POST_DUMP]:
            raise TypeError(f"{type(schema).__name__} has dump hooks")
        for name, field in schema.dump_fields.items():
            _check_plain(name, field)
        self._fields = [(field.data_key or name, field.attribute or name, name, field._serialize)
                        for name, field in schema.dump_fields.items()]

    def __call__(self, rows: Iterable[Mapping]) -> list[dict]:
        fields = self._fields
        return [{key: serialize(row[source], name, row) for key, source, name, serialize in fields}
                for row in rows]
