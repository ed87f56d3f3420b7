"""Signing in to the portal with an account, over a fake accounts service: the token it
gives is kept, the session is checked at every page and ends when the accounts service
says so, the second factor's code is asked for, a letter's link sets the password, and a
pasted token is refused unless the portal is set to take one."""

from __future__ import annotations

import datetime as dt
import re

from services.portal.adapters.accounts import Answer
from services.portal.app import create_app
from services.portal.settings import Settings
from shared.auth.jwt import issue
from shared.clock import FixedClock
from tests.support.keys import new_keys
from tests.unit.portal.fakes import FakePeers

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
_, SIGNER = new_keys()


def account_token(role="focal_point", state="AUT", minutes=15) -> str:
    return issue(SIGNER, subject="fp@gov.example.org", role=role, state=state, now=NOW,
                 lifetime=dt.timedelta(minutes=minutes), session={"acct": 7, "ver": 1})


class FakeAccounts:
    """Answers as the accounts service would; `checks` says what each check answers."""

    def __init__(self) -> None:
        self.signed_in: list[tuple[str, str, str | None]] = []
        self.check_answer = Answer(200, {"role": "focal_point"})
        self.renewed = 0
        self.links: list[tuple[str, str]] = []

    def sign_in(self, email, password, code, address=None):
        self.signed_in.append((email, password, code))
        assert address == "127.0.0.1"  # the browser's, for the count per network address
        if password != "right passphrase":
            return Answer(401, {"detail": "the e-mail address or the password is not right"})
        if email.startswith("sec") and not code:
            return Answer(401, {"detail": "enter the code", "second_factor": True})
        role = "secretariat" if email.startswith("sec") else "focal_point"
        return Answer(201, {"token": account_token(role, None if role == "secretariat"
                                                   else "AUT")})

    def check(self, token):
        return self.check_answer

    def renew(self, token):
        self.renewed += 1
        return Answer(201, {"token": account_token()})

    def use_link(self, token, password):
        self.links.append((token, password))
        if len(password) < 12:
            return Answer(422, {"detail": "invalid", "errors": {
                "password": ["a password has at least 12 characters"]}})
        return Answer(200, {"email": "fp@gov.example.org", "second_factor": False})

    def ask_reset(self, email):
        return Answer(202, {})


def portal(accounts, pasting=False):
    return create_app(Settings(secret_key="s" * 32, accepts_pasted_tokens=pasting),
                      FixedClock(NOW), lambda token: FakePeers(token), accounts).test_client()


def csrf(client, path="/signin") -> str:
    return re.search(r'name="csrf" value="([^"]+)"', client.get(path).get_data(as_text=True)
                     ).group(1)


def sign_in(client, email="fp@gov.example.org", password="right passphrase", code="",
            next_path=""):
    return client.post("/signin", data={"csrf": csrf(client), "email": email,
                                        "password": password, "code": code, "next": next_path})


def test_a_person_signs_in_with_e_mail_and_password_and_the_session_is_checked_each_page():
    accounts = FakeAccounts()
    client = portal(accounts)
    answer = sign_in(client, next_path="/reviews")
    assert (answer.status_code, answer.headers["Location"]) == (303, "/reviews")
    assert client.get("/reviews").status_code == 200
    accounts.check_answer = Answer(401, {"detail": "this role has ended (its nomination "
                                                   "was withdrawn): sign in again"})
    ended = client.get("/reviews")
    assert ended.status_code == 401 and "nomination was withdrawn" in ended.get_data(
        as_text=True)
    assert client.get("/reviews").status_code == 302  # the session is gone


def test_a_wrong_password_is_refused_with_the_accounts_answer_and_nothing_kept():
    client = portal(FakeAccounts())
    answer = sign_in(client, password="wrong")
    assert answer.status_code == 401 and "not right" in answer.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_the_code_is_asked_for_when_the_account_has_a_second_factor():
    accounts = FakeAccounts()
    client = portal(accounts)
    asked = sign_in(client, email="sec@unodc.example.org")
    assert asked.status_code == 401 and 'aria-invalid="true"' in asked.get_data(as_text=True)
    assert sign_in(client, email="sec@unodc.example.org", code="123456").status_code == 303
    assert accounts.signed_in[-1] == ("sec@unodc.example.org", "right passphrase", "123456")


def test_a_token_near_its_end_is_renewed_at_the_next_page():
    accounts = FakeAccounts()
    client = portal(accounts)
    sign_in(client)
    client.get("/")
    assert accounts.renewed == 0
    with client.session_transaction() as session:
        session["token"] = account_token(minutes=4)
    client.get("/")
    assert accounts.renewed == 1


def test_a_pasted_token_is_refused_unless_the_portal_takes_them():
    token = issue(SIGNER, subject="t", role="secretariat", now=NOW)
    for pasting, status in ((False, 401), (True, 303)):
        accounts = FakeAccounts()
        client = portal(accounts, pasting)
        answer = client.post("/signin", data={"csrf": csrf(client), "token": token})
        assert answer.status_code == status
        assert ("Developers" in client.get("/signin").get_data(as_text=True)) is pasting


def test_the_letters_link_sets_the_password_and_leads_to_sign_in():
    accounts = FakeAccounts()
    client = portal(accounts)
    page = client.get("/welcome?token=T1").get_data(as_text=True)
    assert 'name="token" value="T1"' in page
    token = csrf(client, "/welcome?token=T1")
    differ = client.post("/password", data={"csrf": token, "token": "T1", "password": "a" * 12,
                                            "repeat": "b" * 12})
    assert differ.status_code == 400 and accounts.links == []
    short = client.post("/password", data={"csrf": token, "token": "T1", "password": "short",
                                           "repeat": "short"})
    assert short.status_code == 400 and "at least 12" in short.get_data(as_text=True)
    done = client.post("/password", data={"csrf": token, "token": "T1",
                                          "password": "right passphrase",
                                          "repeat": "right passphrase"})
    assert done.status_code == 200 and "Your password is set" in done.get_data(as_text=True)
