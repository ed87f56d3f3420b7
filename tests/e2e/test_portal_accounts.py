"""Accounts in a real browser, on the whole system: a focal point nominated through the API
finds the invitation in the SMTP sink, chooses a password, signs in, sees only its State's
reviews, and is signed out of that role when its nomination is withdrawn; the secretariat
cannot sign in without its second factor."""

from __future__ import annotations

import email
import email.policy
import re
from urllib.parse import parse_qs, urlsplit

import pyotp

from harness.system import draw_group, running_system
from harness.waiting import eventually
from tests.e2e.portal_support import browser  # noqa: F401 - the module's Chromium

PASSPHRASE = "seven quiet rivers of Vienna"


def letter_to(mail_dir, address: str) -> str | None:
    """The text of the newest letter to `address` in the sink, if one came."""
    for path in sorted(mail_dir.glob("*.eml"), reverse=True) if mail_dir.exists() else ():
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if address in str(message["To"]):
            return message.get_body(("plain",)).get_content()
    return None


def choose_password(page, link: str) -> None:
    page.goto(link)
    page.fill("#password", PASSPHRASE)
    page.fill("#repeat", PASSPHRASE)
    page.click("form.signin button[type=submit]")
    page.wait_for_selector("text=Your password is set")


def sign_in(page, address: str, code: str = "") -> None:
    page.fill("#email", address)
    page.fill("#password", PASSPHRASE)
    if code:
        page.fill("#code", code)
    page.click("form:has(#email) button[type=submit]")


def test_a_nominated_focal_point_signs_in_and_is_signed_out_when_withdrawn(
        tmp_path, amqp_url, browser):  # noqa: F811 - the fixture imported above
    with running_system("sqlite", tmp_path, amqp_url) as system:
        portal, nominations = system.urls["portal"], system.urls["nominations"]
        code = draw_group(system, 3)[0]
        address = f"fp-{code.lower()}@gov.example.org"
        nominated = system.http.post(f"{nominations}/nominations", json={
            "state_code": code, "role": "focal_point", "name": f"Focal point of {code}",
            "title": "Counsellor", "email": address, "gender": "female"}, timeout=10)
        assert nominated.status_code == 201, nominated.text

        text = eventually(lambda: letter_to(system.mail_dir, address), timeout=90)
        link = re.search(r"http\S+/welcome\?token=\S+", text).group(0)
        assert link.startswith(portal)
        page = browser.new_context().new_page()
        choose_password(page, link)
        sign_in(page, address)
        page.wait_for_url(portal + "/")
        page.goto(portal + "/reviews")
        shown = {int(r.get_attribute("data-review"))
                 for r in page.locator("tr[data-review]").all()}
        every = system.http.get(f"{system.urls['reviews']}/reviews?page_size=100",
                                timeout=10).json()
        assert shown == {r["id"] for r in every
                         if code in (r["state_under_review"], *r["reviewing_states"])}
        assert shown and shown != {r["id"] for r in every}

        person = nominated.json()[0]["person_id"]
        withdrawn = system.http.post(f"{nominations}/persons/{person}/withdrawal",
                                     json={"reason": "reassigned"}, timeout=10)
        assert withdrawn.status_code == 200, withdrawn.text
        eventually(lambda: page.goto(portal + "/reviews").status == 401, timeout=60)
        assert "You were signed out" in page.content()
        assert "nomination was withdrawn" in page.content()

        made = system.cli("accounts", "create-secretariat", "sec@unodc.example.org",
                          "--name", "The Secretariat")
        token = re.search(r"/welcome\?token=(\S+)", made).group(1)
        secret = parse_qs(urlsplit(re.search(r"otpauth://\S+", made).group(0)).query)[
            "secret"][0]
        secretariat = browser.new_context().new_page()
        choose_password(secretariat, f"{portal}/welcome?token={token}")
        sign_in(secretariat, "sec@unodc.example.org")
        secretariat.wait_for_selector("text=enter the code")
        assert "/signin" in secretariat.url
        assert secretariat.goto(portal + "/").url.startswith(portal + "/signin")
        sign_in(secretariat, "sec@unodc.example.org", pyotp.TOTP(secret).now())
        secretariat.wait_for_url(portal + "/")
        assert "Secretariat" in secretariat.locator(".who").inner_text()
