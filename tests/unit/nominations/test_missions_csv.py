"""Reading the Permanent Missions file: all of it, or none of it with every bad line named."""

from __future__ import annotations

import pytest

from services.nominations.adapters.missions_csv import parse_missions_csv
from shared.config import REPO_ROOT
from shared.csv_import import CsvFileRefused


def test_shipped_file_reads_whole_when_it_is_well_formed():
    text = (REPO_ROOT / "deploy" / "data" / "permanent_missions.csv").read_text("utf-8")
    commands = parse_missions_csv(text)
    assert len(commands) == len(text.strip().splitlines()) - 1
    afg = next(c for c in commands if c.state_code == "AFG")
    assert afg.emails == ("pm-afg@missions.example.org", "registry-afg@missions.example.org")
    assert afg.language == "en"


def test_every_bad_line_is_listed_when_the_file_is_refused():
    text = ("code,emails,language\n"
            "AAA,a@example.org,en\n"
            "BBB,not-an-email,fr\n"
            "CCC,c@example.org,de\n"
            "AAA,a2@example.org,en\n"
            'DDD,"d@example.org\r\nBcc: x@example.org",en\n')
    with pytest.raises(CsvFileRefused) as refused:
        parse_missions_csv(text)
    problems = refused.value.problems
    assert [p.split(":")[0] for p in problems] == ["line 3", "line 4", "line 5", "line 6"]


def test_file_is_refused_when_the_header_is_wrong():
    with pytest.raises(CsvFileRefused, match="header"):
        parse_missions_csv("state,emails,language\nAAA,a@example.org,en\n")
