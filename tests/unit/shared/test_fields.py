"""The checks every API, import and contract shares: a State code is three capital letters
and nothing more."""

from __future__ import annotations

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
