"""Reading a nominations file: every row read with the API's own rules, every bad row
named by line and field, nothing from a database."""

from __future__ import annotations

import datetime as dt

from services.nominations.api.nominations_csv import parse_nominations_csv
from services.nominations.domain.commands import PersonDetails

HEADER = ("state_code,role,review_id,name,title,email,phone,gender,languages,nominated_on,"
          "note_verbale_ref,note_verbale_date\n")


def test_rows_become_commands_when_the_file_is_well_formed():
    parsed = parse_nominations_csv(
        HEADER
        + "KEN,focal_point,1,A. Otieno,Counsellor,a@ken.example.org,+254 20 123,female,"
          "en; fr,2020-12-05,NV/KEN/12,2020-12-01\n"
        + "GHA,expert,,K. Mensah,Mr.,k@gha.example.org,,male,,,,\n")
    assert parsed.errors == []
    (line1, ken), (line2, gha) = parsed.rows
    assert (line1, line2) == (2, 3)
    assert ken.person == PersonDetails("A. Otieno", "Counsellor", "a@ken.example.org",
                                       "female", "+254 20 123", ("en", "fr"))
    assert (ken.review_id, ken.nominated_on, ken.note_verbale_date) == (
        1, dt.date(2020, 12, 5), dt.date(2020, 12, 1))
    assert (gha.review_id, gha.nominated_on, gha.person.phone, gha.person.languages) == (
        None, None, None, ())


def test_optional_columns_may_be_left_out_when_the_header_omits_them():
    parsed = parse_nominations_csv("state_code,role,name,title,email,gender\r\n"
                                   "KEN,observer,B,Ms.,b@ken.example.org,female\r\n")
    assert parsed.errors == [] and parsed.rows[0][1].role == "observer"


def test_every_bad_row_is_named_by_line_and_field_when_the_file_has_several():
    parsed = parse_nominations_csv(
        HEADER
        + "KEN,focal_point,1,Good,Mr.,good@ken.example.org,,male,,,,\n"
        + "KEN,chair,1,Bad role,Mr.,r@ken.example.org,,male,,,,\n"
        + 'KEN,expert,1,"Two\nlines",Mr.,n@ken.example.org,,male,,,,\n'
        + "KEN,expert,1,Phone,Mr.,p@ken.example.org,\"12\r\",male,xx,2020-02-31,,\n"
        + "KEN,expert,1,Short row\n"
        + "KEN,expert,1,Mail,Mr.,not-an-email,,male,,,,\n")
    found = [(e.line, e.field) for e in parsed.errors]
    assert found == [(3, "role"), (4, "name"), (6, "phone"), (6, "languages"),
                     (6, "nominated_on"), (8, "row"), (9, "email")]  # a quoted CR ends a line
    assert all(e.message for e in parsed.errors)
    assert [line for line, _ in parsed.rows] == [2]


def test_file_is_refused_naming_the_columns_when_the_header_is_wrong():
    parsed = parse_nominations_csv("state,role,name,title,email,sex\nKEN,expert,A,B,c@d.org,f\n")
    assert sorted((e.line, e.field, e.message) for e in parsed.errors) == [
        (1, "gender", "missing column"), (1, "sex", "unknown column"),
        (1, "state", "unknown column"), (1, "state_code", "missing column")]
    assert parsed.rows == []


def test_file_is_refused_when_it_holds_no_rows():
    assert [e.field for e in parse_nominations_csv(HEADER).errors] == ["file"]
    assert [e.field for e in parse_nominations_csv("").errors] != []


def test_dates_outside_2000_to_2100_are_named_by_line_and_field_when_imported():
    parsed = parse_nominations_csv(
        HEADER + "KEN,focal_point,1,A,Ms.,a@ken.example.org,,female,,9999-12-31,,1999-12-31\n")
    assert [(e.line, e.field) for e in parsed.errors] == [
        (2, "nominated_on"), (2, "note_verbale_date")]
    assert all("2000-01-01 and 2100-12-31" in e.message for e in parsed.errors)
