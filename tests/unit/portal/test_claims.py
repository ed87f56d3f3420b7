"""Reading a token's claims for display and scoping (never for trust: the APIs verify)."""

from __future__ import annotations

import datetime as dt

import jwt
import pytest

from services.portal.domain.claims import UnreadableToken, Viewer, read_token
from shared.auth.jwt import issue
from tests.support.keys import new_keys

NOW = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)
_, SIGNER = new_keys()


def token(role: str, state: str | None = None, **kw) -> str:
    return issue(SIGNER, subject="someone", role=role, state=state, now=kw.pop("now", NOW), **kw)


def test_role_and_state_are_read_when_a_focal_point_signs_in():
    viewer = read_token(token("focal_point", "AUT"), NOW)
    assert (viewer.role, viewer.state, viewer.role_label) == ("focal_point", "AUT", "Focal point")
    assert viewer.scoped and not viewer.may_act


def test_secretariat_sees_everything_and_may_act_when_signed_in():
    viewer = read_token(token("secretariat"), NOW)
    assert viewer.state is None and not viewer.scoped and viewer.may_act
    assert viewer.sees("XYZ")


@pytest.mark.parametrize("role", ["observer", "expert", "focal_point"])
def test_no_way_to_act_is_offered_when_the_role_is_a_states(role):
    assert not read_token(token(role, "FRA"), NOW).may_act


def test_token_with_a_wrong_signature_is_still_read_when_only_displayed():
    _, other = new_keys()
    assert read_token(issue(other, subject="s", role="observer", state="ITA", now=NOW),
                      NOW).state == "ITA"


def test_whitespace_is_ignored_when_a_token_is_pasted_with_line_breaks():
    raw = token("observer", "ITA")
    assert read_token(f"  {raw[:20]}\n{raw[20:]}\n", NOW).role == "observer"


@pytest.mark.parametrize("text, message", [
    ("", "paste a token"),
    ("not a token", "not a JSON Web Token"),
])
def test_refused_with_a_reason_when_the_text_is_no_token(text, message):
    with pytest.raises(UnreadableToken, match=message):
        read_token(text, NOW)


def test_refused_when_the_token_has_expired():
    old = token("secretariat", now=NOW - dt.timedelta(days=1), lifetime=dt.timedelta(hours=1))
    with pytest.raises(UnreadableToken, match="expired"):
        read_token(old, NOW)


def test_refused_when_the_role_is_unknown():
    forged = jwt.encode({"sub": "x", "role": "admin"}, "k" * 32, algorithm="HS256")
    with pytest.raises(UnreadableToken, match="no REVMOD role"):
        read_token(forged, NOW)


def test_refused_when_a_state_role_names_no_state():
    forged = jwt.encode({"sub": "x", "role": "focal_point"}, "k" * 32, algorithm="HS256")
    with pytest.raises(UnreadableToken, match="must name its State"):
        read_token(forged, NOW)


def test_scoped_viewer_sees_only_records_of_its_state_when_asked():
    viewer = Viewer("s", "observer", "AUT", None)
    assert viewer.sees("FRA", "AUT") and not viewer.sees("FRA", None)
