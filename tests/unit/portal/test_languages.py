"""The language of the portal's pages: the person's pick, else their Mission's, else their
browser's, else English; Arabic right to left; the pick kept across pages and sign-ins."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from services.portal.app import create_app
from services.portal.domain import languages
from services.portal.settings import Settings
from shared.auth.jwt import issue
from shared.clock import FixedClock
from tests.support.keys import new_keys
from tests.unit.portal.fakes import FakePeers

NOW = dt.datetime(2021, 3, 1, 12, tzinfo=dt.UTC)
_, SIGNER = new_keys()


@pytest.mark.parametrize(("picked", "mission", "browser", "chosen"), [
    ("fr", "es", "ru", "fr"), (None, "es", "ru", "es"), (None, None, "ru", "ru"),
    ("xx", None, None, "en"), (None, "de", "zh", "zh"), (None, None, None, "en")])
def test_the_first_of_pick_mission_and_browser_that_is_one_of_the_six_is_chosen(
        picked, mission, browser, chosen):
    assert languages.choose(picked, mission, browser) == chosen


def test_each_language_has_its_locale_its_tag_and_its_direction():
    assert [languages.direction_of(code) for code in languages.LANGUAGES] == [
        "rtl", "ltr", "ltr", "ltr", "ltr", "ltr"]
    assert languages.locale_of("en") == "en_GB" and languages.tag_of("zh") == "zh-Hans"


class Portal:
    def __init__(self) -> None:
        self.made: list[FakePeers] = []
        self.client = create_app(
            Settings(secret_key="s" * 32, accepts_pasted_tokens=True), FixedClock(NOW),
            lambda token: self.made.append(FakePeers(token)) or self.made[-1]).test_client()

    def csrf(self) -> str:
        page = self.client.get("/signin").get_data(as_text=True)
        return re.search(r'name="csrf" value="([^"]+)"', page).group(1)

    def sign_in(self, role: str, state: str | None = None, **headers):
        token = issue(SIGNER, subject="t", role=role, state=state, now=NOW)
        return self.client.post("/signin", data={"csrf": self.csrf(), "token": token},
                                headers=headers)

    def pick(self, language: str, back: str = "/reviews"):
        return self.client.post("/language", data={
            "csrf": self.csrf(), "language": language, "back": back})

    def asked_missions(self) -> int:
        return sum(path.startswith("/missions/") for p in self.made for _, path in p.asked)


def opening(page: str) -> str:
    return re.search(r"<html[^>]*>", page).group(0)


def test_a_page_is_in_the_browsers_language_and_arabic_reads_right_to_left():
    portal = Portal()
    page = portal.client.get("/signin", headers={"Accept-Language": "ar, en;q=0.5"})
    text = page.get_data(as_text=True)
    assert opening(text) == '<html lang="ar" dir="rtl">'
    assert "الانتقال إلى المحتوى" in text  # "Skip to the content"
    english = portal.client.get("/signin", headers={"Accept-Language": "de, it"})
    assert opening(english.get_data(as_text=True)) == '<html lang="en-GB" dir="ltr">'


def test_the_language_picked_sticks_across_pages_and_sign_ins():
    portal = Portal()
    picked = portal.pick("fr", back="/signin?next=/reviews")
    assert (picked.status_code, picked.headers["Location"]) == (303, "/signin?next=/reviews")
    assert opening(portal.client.get("/signin").get_data(as_text=True)) == (
        '<html lang="fr" dir="ltr">')
    portal.sign_in("focal_point", "PER", **{"Accept-Language": "ru"})
    for path in ("/", "/reviews", "/draws"):
        page = portal.client.get(path).get_data(as_text=True)
        assert opening(page) == '<html lang="fr" dir="ltr">' and "Se déconnecter" in page
    assert 'value="fr" lang="fr" class="link-button" aria-current="true"' in page


def test_the_default_is_the_missions_language_asked_once_per_session():
    portal = Portal()
    portal.sign_in("focal_point", "PER", **{"Accept-Language": "ru"})
    for path in ("/", "/reviews", "/missing"):
        page = portal.client.get(path, headers={"Accept-Language": "ru"})
        assert opening(page.get_data(as_text=True)) == '<html lang="es" dir="ltr">'
    assert portal.asked_missions() == 1
    portal.sign_in("secretariat")  # no Mission: the browser's language
    page = portal.client.get("/", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert opening(page) == '<html lang="ru" dir="ltr">' and "Выйти" in page


def test_a_language_not_of_the_six_is_refused_and_nothing_kept():
    portal = Portal()
    answer = portal.pick("de")
    assert answer.status_code == 400 and "revmod_language" not in answer.headers.get(
        "Set-Cookie", "")
    unguarded = portal.client.post("/language", data={"language": "fr", "back": "/"})
    assert unguarded.status_code == 400 and "revmod_language" not in unguarded.headers.get(
        "Set-Cookie", "")


def test_the_page_asked_to_return_to_is_never_another_site():
    assert Portal().pick("es", back="//evil.example/").headers["Location"] == "/"
