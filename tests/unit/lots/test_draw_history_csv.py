"""Reading the draws' files of a history bundle, each line alone, without a database."""

from __future__ import annotations

import datetime as dt

from services.lots.adapters.draw_history_csv import COLUMNS, read_draw_files, recorded_review

TODAY = dt.date(2022, 9, 27)
HEADER = ",".join(COLUMNS["draws.csv"]) + "\n"


def draws(*lines: str) -> dict[str, bytes]:
    return {"draws.csv": (HEADER + "".join(line + "\n" for line in lines)).encode()}


def test_a_draw_line_reads_its_lists_and_additional_reviewers():
    lines, problems = read_draw_files(draws(
        "1,1,1,IRG-2020-10,2020-10-12,FRA,BEL;COL,MEX:firearms+smuggling,"), TODAY)
    assert problems == []
    review = recorded_review(lines["draws.csv"][0])
    assert (review.reviewing_states, dict(review.additional_reviewers)) == \
        (("BEL", "COL"), {"MEX": ("firearms", "smuggling")})


def test_each_bad_cell_is_named_with_its_line_and_field():
    _, problems = read_draw_files(draws(
        "1,1,1,IRG-2020-10,2022-09-28,FRA,BEL;COL,,",
        "1,1,1,IRG-2020-10,2020-10-12,FRA,BEL;col,MEX,"), TODAY)
    assert [(p.line, p.field) for p in problems] == [
        (2, "drawn_on"), (3, "additional_reviewers"), (3, "reviewing_states")]


def test_a_file_not_in_utf8_or_without_a_column_is_named_on_its_first_lines():
    _, problems = read_draw_files({
        "meetings.csv": "meeting,title\nIRG,Réunion,2020-10-12\n".encode("latin-1"),
        "groups.csv": b"group_number,state_code\n1,AUT\n"}, TODAY)
    assert [(p.file, p.line, p.field) for p in problems] == [
        ("meetings.csv", 2, "encoding"), ("groups.csv", 1, "starts_on")]
