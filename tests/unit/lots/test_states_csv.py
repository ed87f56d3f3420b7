"""The States parties file is read like every file the secretariat sends: refused whole,
every bad line named, never a traceback."""

from __future__ import annotations

import pytest

from services.lots.adapters.states_csv import parse_states_csv
from shared.csv_import import CsvFileRefused

HEADER = "code,name,regional_group,legal_system,instruments\n"


def test_states_are_read_when_every_line_is_whole():
    text = (HEADER + 'AUT,Austria,western_european_others, civil_law ,"convention; trafficking"\n'
            "MEX,Mexico,latin_american_caribbean,,convention\n")
    commands = parse_states_csv(text)
    assert [(c.code, c.legal_system, c.instruments) for c in commands] == [
        ("AUT", "civil_law", ("convention", "trafficking")), ("MEX", None, ("convention",))]


def test_file_is_refused_naming_each_line_when_a_line_is_short_or_repeated():
    text = (HEADER + "AUT,Austria,western_european_others,civil_law,convention\nFRA,France\n"
            "AUT,Austria,western_european_others,,convention\n")
    with pytest.raises(CsvFileRefused) as refused:
        parse_states_csv(text)
    assert refused.value.problems == ["line 3: expected 5 columns", "line 4: AUT appears twice"]
