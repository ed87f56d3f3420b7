"""The States parties file is read like every file the secretariat sends: refused whole,
every bad line named, never a traceback; each line keeps its source, its dates where known,
and whether the source confirmed it."""

from __future__ import annotations

import datetime as dt

import pytest

from services.lots.adapters.states_csv import COLUMNS, parse_states_csv
from shared.csv_import import CsvFileRefused

HEADER = ",".join(COLUMNS) + "\n"
UNTC = "https://treaties.un.org/ XVIII-12"


def test_states_are_read_with_their_dates_and_sources_when_every_line_is_whole():
    text = (HEADER + 'AUT,Austria,western_european_others, civil_law ,"convention; trafficking"'
            f',2004-09-23,2005-11-15,,,yes,,yes,{UNTC}\n'
            "MEX,Mexico,latin_american_caribbean,,convention,,,,,no,not in the seed list,no,"
            '"typed from memory"\n')
    aut, mex = parse_states_csv(text)
    assert (aut.code, aut.legal_system, aut.instruments) == (
        "AUT", "civil_law", ("convention", "trafficking"))
    assert (aut.convention_on, aut.trafficking_on, aut.smuggling_on) == (
        dt.date(2004, 9, 23), dt.date(2005, 11, 15), None)
    assert (aut.takes_part, aut.confirmed, aut.source) == (True, True, UNTC)
    assert (mex.legal_system, mex.convention_on, mex.takes_part, mex.kept_out_reason,
            mex.confirmed) == (None, None, False, "not in the seed list", False)


def test_file_is_refused_naming_each_line_when_a_line_is_short_or_repeated():
    line = f"AUT,Austria,western_european_others,civil_law,convention,,,,,yes,,no,{UNTC}\n"
    text = HEADER + line + "FRA,France\n" + line
    with pytest.raises(CsvFileRefused) as refused:
        parse_states_csv(text)
    assert refused.value.problems == [f"line 3: expected {len(COLUMNS)} columns",
                                      "line 4: AUT appears twice"]


@pytest.mark.parametrize(("cells", "field"), [
    ("convention,,2004-01-01,,,yes,,no,x", "trafficking_on"),       # date, not party
    ("convention;smuggling,2005-01-01,,2004-01-01,,yes,,no,x", "smuggling_on"),  # before
    ("convention,,,,,no,,no,x", "kept_out_reason"),                   # kept out, no reason
    ("convention,,,,,yes,,no,", "source"),                            # no source
    ("trafficking,,,,,yes,,no,x", "instruments"),                     # no Convention
    ("convention,2004-02-30,,,,yes,,no,x", "convention_on"),          # not a date
    ("convention,,,,,maybe,,no,x", "takes_part"),
])
def test_line_is_refused_naming_the_field_when_it_is_incoherent(cells, field):
    with pytest.raises(CsvFileRefused) as refused:
        parse_states_csv(HEADER + f"AUT,Austria,western_european_others,,{cells}\n")
    [problem] = refused.value.problems
    assert problem.startswith("line 2: ") and f"'{field}'" in problem


def test_file_with_the_old_header_is_refused_saying_which_header_it_needs():
    with pytest.raises(CsvFileRefused) as refused:
        parse_states_csv("code,name,regional_group,legal_system,instruments\n")
    assert refused.value.problems == [f"the header must be {','.join(COLUMNS)}"]


def test_shipped_list_loads_and_names_a_source_for_every_party():
    from shared.config import REPO_ROOT

    parties = parse_states_csv(
        (REPO_ROOT / "deploy/data/states_parties.csv").read_text(encoding="utf-8"))
    assert len(parties) >= 190
    assert all(p.source for p in parties)
    assert all(p.confirmed is not None for p in parties)
