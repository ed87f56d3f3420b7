"""FlatDump gives exactly what the schema's own dump gives, or refuses the schema."""

from __future__ import annotations

import datetime as dt

import marshmallow as ma
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.reviews.api.schemas import ReviewSchema
from shared.web.flat_dump import FlatDump

codes = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=3, max_size=3)
aware = st.datetimes(timezones=st.sampled_from(
    [dt.UTC, dt.timezone(dt.timedelta(hours=5, minutes=30)), dt.timezone(-dt.timedelta(hours=3))]))
review_rows = st.fixed_dictionaries({
    "id": st.integers(1, 2**63 - 1), "draw_id": st.integers(1, 10**6),
    "group_number": st.integers(1, 20), "phase": st.integers(1, 2), "cluster": st.integers(1, 5),
    "state_under_review": codes, "reviewing_states": st.lists(codes, max_size=3),
    "starts_on": st.dates(), "stage": st.text(max_size=40), "stage_entered_at": aware,
    "stage_entered_on": st.dates(), "questionnaire_received_on": st.none() | st.dates(),
    "deadline": st.none() | st.dates(),
    "created_at": aware, "updated_at": aware,
})


@settings(derandomize=True)  # the same examples on every run
@given(st.lists(review_rows, max_size=5))
def test_the_review_list_dumps_exactly_as_its_schema_does(rows):
    assert FlatDump(ReviewSchema())(rows) == ReviewSchema(many=True).dump(rows)


class Renamed(ma.Schema):
    code = ma.fields.String(data_key="state", attribute="state_code")
    count = ma.fields.Integer(as_string=True)
    at = ma.fields.DateTime(format="%Y/%m/%d")


def test_data_keys_attributes_and_formats_are_the_schemas_when_fields_are_declared_so():
    rows = [{"state_code": "AUT", "count": 3, "at": dt.datetime(2020, 1, 2)}]
    assert FlatDump(Renamed())(rows) == Renamed(many=True).dump(rows) == [
        {"state": "AUT", "count": "3", "at": "2020/01/02"}]


def test_a_row_without_a_field_is_an_error_not_a_gap():
    with pytest.raises(KeyError):
        FlatDump(Renamed())([{"state_code": "AUT", "count": 3}])


class Hooked(ma.Schema):
    name = ma.fields.String()

    @ma.post_dump
    def shout(self, data, **kwargs):
        return {k: v.upper() for k, v in data.items()}


class Computed(ma.Schema):
    name = ma.fields.Method("full_name")

    def full_name(self, obj):
        return obj["first"] + " " + obj["last"]


class Nesting(ma.Schema):
    inner = ma.fields.Nested(Renamed)


class Dotted(ma.Schema):
    name = ma.fields.String(attribute="person.name")


@pytest.mark.parametrize("schema", [Hooked, Computed, Nesting, Dotted])
def test_a_schema_whose_output_flat_dumping_could_change_is_refused(schema):
    with pytest.raises(TypeError):
        FlatDump(schema())
