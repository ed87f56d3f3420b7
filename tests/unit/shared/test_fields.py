"""The checks every API, import and command shares: a State code is three capital letters
and nothing more; a date is one from 2000 to 2100."""

from __future__ import annotations

import importlib

import pytest
from marshmallow import ValidationError

from shared.events.payloads import StatePartySchema

PARTY = {"code": "AUT", "name": "Austria", "regional_group": None, "legal_system": None,
         "instruments": ["convention"]}


@pytest.mark.parametrize("code", ["AFG\n", "AFG\r\n", "AFGX", "afg", "ÄFG", "AF", " AFG", "A_G"])
def test_state_code_is_refused_when_it_is_more_or_other_than_three_capital_letters(code):
    with pytest.raises(ValidationError) as refused:
        StatePartySchema().load({**PARTY, "code": code})
    assert list(refused.value.messages) == ["code"]


def test_state_code_is_accepted_when_it_is_three_capital_letters():
    assert StatePartySchema().load(PARTY)["code"] == "AUT"


@pytest.mark.parametrize("command", [("nominations", "sweep"), ("reviews", "sweep"),
                                     ("reviews", "report"), ("notifications", "remind")])
@pytest.mark.parametrize("day", ["1999-12-31", "2101-01-01", "9999-12-31"])
def test_command_refuses_a_date_naming_the_option_when_outside_2000_to_2100(
        command, day, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/db.sqlite")
    service, name = command
    cli = importlib.import_module(f"services.{service}.cli")
    with pytest.raises(SystemExit) as refused:
        cli.main([name, "--as-of", day])
    assert refused.value.code == 2
    assert "--as-of" in capsys.readouterr().err
