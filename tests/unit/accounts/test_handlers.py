"""The accounts handlers on the in-memory unit of work: accounts and grants from the
nominations' events, single-use links, signing in with its counted failures and lockout,
the second factor, the session's check, service tokens and secretariat accounts (the same
handlers run on the real databases in tests/integration/test_accounts_service.py)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pyotp
import pytest

from services.accounts.adapters.orm import AccountRow, GrantRow, LinkRow, RecoveryCodeRow
from services.accounts.domain.links import link_digest
from services.accounts.domain.second_factor import code_digest
from services.accounts.handlers.links import ask_for_reset, use_link
from services.accounts.handlers.nominations import event_handlers
from services.accounts.handlers.origin import Origin
from services.accounts.handlers.second_factor import begin_enrolment, confirm_enrolment
from services.accounts.handlers.secretariat import create_secretariat_account
from services.accounts.handlers.service_tokens import service_token
from services.accounts.handlers.sessions import REFUSED, SignIn, current_session, sign_in
from services.accounts.settings import secret_digest
from shared.auth.jwt import verified_claims
from shared.events import new_event
from shared.web.errors import Conflict, TooManyAttempts, Unauthorized, Unprocessable
from tests.support.event_samples import SAMPLES
from tests.unit.accounts.fakes import fake_context

#: the real time when each test starts (set by `now_is_real`): the tokens issued are checked
#: by PyJWT against its own clock, and a time taken at import is minutes old by the time a
#: long suite reaches a test, older than a five-minute service token
NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
GOOD = "a long and rare passphrase"
HERE = Origin(address="192.0.2.7", request_id="req-1")


@pytest.fixture(autouse=True)
def now_is_real():
    global NOW
    NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)


@pytest.fixture
def world(now_is_real):
    return fake_context(NOW, slow_after=3, lock_after=3, lock_minutes=15,
                        service_clients={"reviews": secret_digest("s" * 32)})


def hear(ctx, event_type, history=False, **payload):
    event = new_event(event_type, {**SAMPLES[event_type], **payload}, ctx.clock.now(),
                      history=history)
    with ctx.uow() as uow:
        event_handlers(ctx)[event_type](uow, event)


def letters(uow, purpose=None) -> list[dict]:
    return [e.payload for e in uow.committed if e.type == "AccountInvited"
            and purpose in (None, e.payload["purpose"])]


def token_of(letter: dict) -> str:
    return parse_qs(urlsplit(letter["link"]).query)["token"][0]


def types(uow) -> list[str]:
    return [e.type for e in uow.committed]


def activated(ctx, uow, email="a@gov.example.org", nomination_id=1, state_code="AUT") -> int:
    """A focal point nominated, who set a password through the invitation: their id."""
    hear(ctx, "FocalPointNominated", nomination_id=nomination_id, email=email,
         state_code=state_code)
    use_link(ctx, token_of(letters(uow)[-1]), GOOD, HERE)
    return uow.account_by_email(email).id


def test_two_nominations_of_one_person_make_one_account_with_a_grant_each_and_one_letter(world):
    ctx, uow, _ = world
    hear(ctx, "FocalPointNominated", nomination_id=1, email="A@Gov.example.org")
    hear(ctx, "ExpertNominated", nomination_id=2, email="a@gov.example.org", state_code="BRA")
    hear(ctx, "ExpertNominated", nomination_id=2, email="a@gov.example.org", state_code="BRA")
    [account] = uow.rows[AccountRow].values()
    assert (account.email, account.password_hash, account.session_version) == (
        "a@gov.example.org", None, 1)
    assert sorted((g.role, g.state_code, g.nomination_id) for g in uow.grants_of(account.id)) == [
        ("expert", "BRA", 2), ("focal_point", "AUT", 1)]
    [letter] = letters(uow)
    assert (letter["purpose"], letter["state_code"], letter["expires_at"]) == (
        "invitation", "AUT", (NOW + dt.timedelta(hours=72)).isoformat())
    assert letter["link"].startswith("http://portal.example/welcome?token=")
    [link] = uow.rows[LinkRow].values()
    assert link.token_digest == link_digest(token_of(letter)) != token_of(letter)


def test_a_withdrawal_ends_that_grant_only_and_once(world):
    ctx, uow, _ = world
    hear(ctx, "FocalPointNominated", nomination_id=1)
    hear(ctx, "ExpertNominated", nomination_id=2, email=SAMPLES["FocalPointNominated"]["email"])
    hear(ctx, "NominationWithdrawn", nomination_id=1)
    ctx.clock.advance(days=1)
    hear(ctx, "NominationWithdrawn", nomination_id=1)
    hear(ctx, "NominationWithdrawn", nomination_id=99)
    grants = uow.rows[GrantRow]
    assert [(g.nomination_id, g.ended_at) for g in grants.values()] == [(1, NOW), (2, None)]


def test_a_nomination_from_the_history_grants_its_role_and_sends_no_letter(world):
    ctx, uow, _ = world
    hear(ctx, "ObserverNominated", history=True, nomination_id=3)
    [account] = uow.rows[AccountRow].values()
    assert [(g.role, g.state_code) for g in uow.grants_of(account.id)] == [("observer", "AUT")]
    assert (letters(uow), uow.rows[LinkRow]) == ([], {})


def test_an_invitation_sets_the_password_once_and_activates_the_account(world):
    ctx, uow, _ = world
    hear(ctx, "FocalPointNominated", nomination_id=1)
    token = token_of(letters(uow)[0])
    assert use_link(ctx, token, GOOD, HERE) == {"email": "a@gov.example.org",
                                                "second_factor": False}
    account = uow.account_by_email("a@gov.example.org")
    assert ctx.passwords.matches(account.password_hash, GOOD)
    assert (account.activated_at, account.session_version) == (NOW, 2)
    assert types(uow)[-1] == "AccountActivated"
    assert uow.audited[-1]["what"] == "password set through an invitation link"
    with pytest.raises(Conflict) as refused:
        use_link(ctx, token, "another rare passphrase", HERE)
    assert refused.value.field == "token"
    assert ctx.passwords.matches(account.password_hash, GOOD)
    hear(ctx, "ExpertNominated", nomination_id=2, email="a@gov.example.org")
    assert len(letters(uow)) == 1  # an account with a password is not invited again


def test_an_altered_or_expired_link_or_a_weak_password_changes_nothing(world):
    ctx, uow, _ = world
    hear(ctx, "FocalPointNominated", nomination_id=1)
    token = token_of(letters(uow)[0])
    for bad_token, password, field in ((token[:-1], GOOD, "token"),
                                       (token, "password1234", "password")):
        with pytest.raises(Unprocessable) as refused:
            use_link(ctx, bad_token, password, HERE)
        assert refused.value.field == field
    ctx.clock.advance(hours=72)
    with pytest.raises(Unprocessable, match="expired"):
        use_link(ctx, token, GOOD, HERE)
    [link] = uow.rows[LinkRow].values()
    account = uow.account_by_email("a@gov.example.org")
    assert (link.used_at, account.password_hash, account.activated_at) == (None, None, None)
    assert types(uow) == ["AccountInvited"]


def test_a_reset_is_sent_to_an_activated_account_only_and_ends_its_open_sessions(world):
    ctx, uow, _ = world
    account_id = activated(ctx, uow)
    ask_for_reset(ctx, "nobody@gov.example.org", HERE)
    ask_for_reset(ctx, " A@gov.example.org ", HERE)
    ctx.clock.advance(minutes=5)
    ask_for_reset(ctx, "a@gov.example.org", HERE)
    assert [(a["subject"], a["status"]) for a in uow.audited[-3:]] == [
        ("nobody@gov.example.org", 202), ("a@gov.example.org", 202), ("a@gov.example.org", 202)]
    first, second = letters(uow, "reset")
    assert (second["state_code"], second["expires_at"]) == ("AUT", (NOW + dt.timedelta(
        hours=2, minutes=5)).isoformat())
    with pytest.raises(Conflict):  # the earlier reset link stopped working
        use_link(ctx, token_of(first), "quite another passphrase", HERE)
    use_link(ctx, token_of(second), "quite another passphrase", HERE)
    account = uow.rows[AccountRow][account_id]
    assert account.session_version == 3
    assert uow.committed[-1].payload == {"account_id": account_id, "change": "password_reset",
                                         "at": (NOW + dt.timedelta(minutes=5)).isoformat()}


def test_a_sign_in_issues_a_token_for_a_role_held_and_the_session_holds_until_withdrawal(world):
    ctx, uow, verifier = world
    account_id = activated(ctx, uow)
    hear(ctx, "ExpertNominated", nomination_id=2, email="a@gov.example.org", state_code="BRA")
    signed = sign_in(ctx, SignIn("A@gov.example.org ", GOOD, role="expert"), HERE)
    assert (signed["role"], signed["state"], signed["expires_at"]) == (
        "expert", "BRA", NOW + dt.timedelta(minutes=15))
    assert signed["roles"] == [{"role": "focal_point", "state": "AUT"},
                               {"role": "expert", "state": "BRA"}]
    claims = verified_claims(signed["token"], verifier)
    assert (claims["sub"], claims["acct"], claims["ver"]) == ("a@gov.example.org", account_id, 2)
    assert current_session(ctx, claims)["role"] == "expert"
    assert uow.audited[-1]["what"] == "signed in" and uow.audited[-1]["status"] == 200
    hear(ctx, "NominationWithdrawn", nomination_id=2)
    with pytest.raises(Unauthorized) as refused:
        current_session(ctx, claims)
    assert refused.value.field == "role"
    with pytest.raises(Unauthorized) as refused:
        sign_in(ctx, SignIn("a@gov.example.org", GOOD, role="expert"), HERE)
    assert refused.value.field == "role"
    uow.rows[AccountRow][account_id].session_version += 1
    with pytest.raises(Unauthorized, match="session has ended"):
        current_session(ctx, {**claims, "role": "focal_point", "state": "AUT"})
    with pytest.raises(Unauthorized, match="not issued by signing in"):
        current_session(ctx, {"sub": "x", "role": "focal_point", "state": "AUT"})


def test_failures_are_counted_alike_for_any_address_and_lock_it_even_for_the_right_password(
        world):
    ctx, uow, _ = world
    activated(ctx, uow)
    with pytest.raises(Unauthorized) as unknown:
        sign_in(ctx, SignIn("nobody@gov.example.org", GOOD), HERE)
    assert unknown.value.detail == REFUSED
    assert uow.failures("email:nobody@gov.example.org").count == 1
    for _ in range(2):
        with pytest.raises(Unauthorized) as wrong:
            sign_in(ctx, SignIn("a@gov.example.org", "wrong password!"), HERE)
        assert wrong.value.detail == REFUSED
    ctx.clock.advance(seconds=30)
    with pytest.raises(Unauthorized):
        sign_in(ctx, SignIn("a@gov.example.org", "wrong password!"), HERE)
    with pytest.raises(TooManyAttempts) as locked:
        sign_in(ctx, SignIn("a@gov.example.org", GOOD), HERE)
    assert locked.value.extra["retry_after"] == 15 * 60
    failed = [e.payload for e in uow.committed if e.type == "SignInFailed"]
    account_id = uow.account_by_email("a@gov.example.org").id
    assert [(f["account_id"], f["reason"]) for f in failed] == [
        (None, "password"), (account_id, "password"), (account_id, "password"),
        (account_id, "password"), (account_id, "locked")]
    assert [a["status"] for a in uow.audited[-5:]] == [401, 401, 401, 401, 429]
    ctx.clock.advance(minutes=15)
    assert sign_in(ctx, SignIn("a@gov.example.org", GOOD), HERE)["role"] == "focal_point"
    assert uow.failures("email:a@gov.example.org").count == 0
    assert uow.failures("address:192.0.2.7").count == 4


def test_the_second_factor_is_asked_for_a_replayed_code_refused_and_a_recovery_code_used_once(
        world):
    ctx, uow, _ = world
    account_id = activated(ctx, uow)
    secret = begin_enrolment(ctx, account_id)["secret"]
    with pytest.raises(Unauthorized):
        confirm_enrolment(ctx, account_id, "not a code", HERE)
    assert uow.rows[AccountRow][account_id].totp_confirmed is False
    codes = confirm_enrolment(ctx, account_id, pyotp.TOTP(secret).at(NOW), HERE)[
        "recovery_codes"]
    assert len(codes) == len(uow.rows[RecoveryCodeRow]) == 10
    assert {c.code_digest for c in uow.rows[RecoveryCodeRow].values()} == {
        code_digest(c) for c in codes}
    with pytest.raises(Conflict):
        begin_enrolment(ctx, account_id)
    with pytest.raises(Unauthorized) as asked:
        sign_in(ctx, SignIn("a@gov.example.org", GOOD), HERE)
    assert asked.value.extra == {"second_factor": True}
    assert uow.failures("email:a@gov.example.org").count == 0  # the password was right
    ctx.clock.advance(seconds=30)
    code = pyotp.TOTP(secret).at(ctx.clock.now())
    assert sign_in(ctx, SignIn("a@gov.example.org", GOOD, code=code), HERE)["role"] == (
        "focal_point")
    with pytest.raises(Unauthorized, match="already used"):
        sign_in(ctx, SignIn("a@gov.example.org", GOOD, code=code), HERE)
    sign_in(ctx, SignIn("a@gov.example.org", GOOD, code=codes[0].upper()), HERE)
    with pytest.raises(Unauthorized, match="already used"):
        sign_in(ctx, SignIn("a@gov.example.org", GOOD, code=codes[0]), HERE)
    changes = [e.payload["change"] for e in uow.committed if e.type == "AccountChanged"]
    assert changes == ["second_factor_enrolled", "recovery_code_used"]


def test_a_service_token_is_issued_for_the_right_client_secret_only(world):
    ctx, _, verifier = world
    answer = service_token(ctx, "reviews", "s" * 32)
    claims = verified_claims(answer["access_token"], verifier)
    assert (claims["sub"], claims["role"], answer["expires_in"]) == ("service:reviews",
                                                                     "service", 300)
    for client, secret in (("reviews", "t" * 32), ("portal", "s" * 32)):
        with pytest.raises(Unauthorized):
            service_token(ctx, client, secret)


def test_a_secretariat_account_has_its_second_factor_from_the_first_day_and_is_made_once(world):
    ctx, uow, _ = world
    made = create_secretariat_account(ctx, "Sec@unodc.example.org", "Secretariat")
    account = uow.account_by_email("sec@unodc.example.org")
    assert (account.totp_confirmed, account.totp_secret) == (True, made["secret"])
    assert [(g.role, g.state_code) for g in uow.grants_of(account.id)] == [("secretariat", None)]
    assert len(made["recovery_codes"]) == 10
    [letter] = letters(uow)
    assert token_of(letter) == made["token"] and letter["state_code"] is None
    before = (len(uow.rows[GrantRow]), len(uow.rows[LinkRow]), len(uow.committed))
    with pytest.raises(Conflict) as refused:
        create_secretariat_account(ctx, "sec@unodc.example.org", "Secretariat")
    assert refused.value.field == "email"
    assert (len(uow.rows[GrantRow]), len(uow.rows[LinkRow]), len(uow.committed)) == before
    use_link(ctx, made["token"], GOOD, HERE)
    with pytest.raises(Unauthorized) as asked:
        sign_in(ctx, SignIn("sec@unodc.example.org", GOOD), HERE)
    assert asked.value.field == "code"
