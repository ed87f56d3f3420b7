"""The REVMOD claims of a token (a known role; a State code for the roles scoped to one
State) are checked by one function, so the services verifying a token, `issue` and the
portal greeting its holder refuse the same tokens."""

from __future__ import annotations

import datetime as dt

import jwt
import pytest

from services.portal.domain.claims import UnreadableToken, read_token
from shared.auth.jwt import Unauthenticated, issue, verify
from tests.support.keys import new_keys

CONFIG, SIGNER = new_keys()
NOW = dt.datetime.now(dt.UTC)
REFUSED = [("king", None), ("focal_point", None), ("focal_point", "afg"),
           ("expert", "AFGX"), ("observer", 7)]


def signed(role, state) -> str:
    claims = {"sub": "t", "role": role, "iss": "revmod", "aud": "revmod", "iat": NOW,
              "exp": NOW + dt.timedelta(hours=1)}
    if state is not None:
        claims["state"] = state
    return jwt.encode(claims, SIGNER.key.private_key, algorithm="EdDSA",
                      headers={"kid": SIGNER.key.kid})


@pytest.mark.parametrize(("role", "state"), REFUSED)
def test_every_reader_refuses_the_claims_when_the_role_or_its_state_is_wrong(role, state):
    token = signed(role, state)
    with pytest.raises(Unauthenticated):
        verify(token, CONFIG)
    with pytest.raises(UnreadableToken):
        read_token(token, NOW)
    with pytest.raises(ValueError):
        issue(SIGNER, subject="t", role=role, state=state)


def test_every_reader_accepts_the_claims_when_a_state_role_names_a_state_code():
    token = issue(SIGNER, subject="t", role="focal_point", state="AFG")
    assert verify(token, CONFIG).state == read_token(token, NOW).state == "AFG"
