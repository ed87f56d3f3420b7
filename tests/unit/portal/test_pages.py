"""The portal's pages over canned service answers: sign-in, scoping, no write actions for
those who may not write, errors a person can act on."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from services.portal.app import create_app
from services.portal.settings import MissingSecret, Settings
from shared.auth.jwt import issue
from shared.clock import FixedClock
from tests.support.keys import new_keys
from tests.unit.portal.fakes import FakePeers

NOW = dt.datetime(2021, 3, 1, 12, tzinfo=dt.UTC)
_, SIGNER = new_keys()


@pytest.fixture
def made():
    made = []
    return made


def portal(made, down=None, forbidden=()):
    def factory(token):
        made.append(FakePeers(token, down, forbidden))
        return made[-1]
    return create_app(Settings(secret_key="s" * 32, accepts_pasted_tokens=True), FixedClock(NOW),
                      factory).test_client()


def sign_in(client, role, state=None, next_path=""):
    page = client.get("/signin").get_data(as_text=True)
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    token = issue(SIGNER, subject="t", role=role, state=state, now=NOW)
    return client.post("/signin", data={"csrf": csrf, "token": token, "next": next_path})


def test_sign_in_form_is_shown_when_nobody_is_signed_in(made):
    answer = portal(made).get("/reviews?stage=summary")
    assert answer.status_code == 302
    assert answer.headers["Location"].startswith("/signin?next=/reviews")


def test_token_is_refused_with_the_reason_beside_the_field_when_unreadable(made):
    client = portal(made)
    csrf = re.search(r'value="([^"]+)"', client.get("/signin").get_data(as_text=True)).group(1)
    answer = client.post("/signin", data={"csrf": csrf, "token": "nonsense"})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 400 and 'aria-invalid="true"' in page
    assert "not a JSON Web Token" in page


def test_sign_in_is_refused_when_the_form_carries_no_csrf_token(made):
    token = issue(SIGNER, subject="t", role="secretariat", now=NOW)
    assert portal(made).post("/signin", data={"token": token}).status_code == 400


def test_figures_and_the_token_come_from_the_services_when_signed_in(made):
    client = portal(made)
    assert sign_in(client, "secretariat").headers["Location"] == "/"
    page = client.get("/").get_data(as_text=True)
    assert 'data-key="summary" data-value="1"' in page
    assert '<span data-figure="percentage">33.3</span>' in page
    assert made[-1].token.count(".") == 2  # the JWT itself, forwarded


def test_other_states_review_is_not_found_when_a_focal_point_asks(made):
    client = portal(made)
    sign_in(client, "focal_point", "FRA")
    assert client.get("/reviews/1").status_code == 200
    other = client.get("/reviews/2")
    assert other.status_code == 404 and "Italy" not in other.get_data(as_text=True)
    listed = client.get("/reviews").get_data(as_text=True)
    assert re.findall(r'data-review="(\d+)"', listed) == ["1"]


@pytest.mark.parametrize("role", ["observer", "expert", "focal_point"])
def test_no_write_action_is_offered_when_the_role_is_a_states(made, role):
    client = portal(made)
    sign_in(client, role, "AUT")
    for path in ("/", "/reviews", "/reviews/1", "/missing", "/draws", "/draws/1"):
        page = client.get(path).get_data(as_text=True)
        assert "data-write" not in page and "/docs" not in page
        # signing out and the language of the pages change nothing in the services
        assert re.findall(r'<form method="post" action="([^"]+)"', page) == [
            "/signout", "/language"]


def test_secretariat_is_shown_where_to_act_when_signed_in(made):
    client = portal(made)
    sign_in(client, "secretariat")
    assert "http://127.0.0.1:8002/docs" in client.get("/reviews/1").get_data(as_text=True)


def test_missing_nominations_show_the_reminders_sent_when_listed(made):
    client = portal(made)
    sign_in(client, "secretariat")
    page = client.get("/missing").get_data(as_text=True)
    assert "Rappel: point de contact" in page and '<span data-figure="missing">1</span>' in page
    past_the_end = client.get("/missing?page=7").get_data(as_text=True)
    assert "Rappel: point de contact" in past_the_end  # the last page, as in every list


def test_draw_shows_its_repetitions_and_a_failed_verification_in_words_when_listed(made):
    client = portal(made)
    sign_in(client, "secretariat")
    page = client.get("/draws/1").get_data(as_text=True)
    assert 'data-verified="no"' in page and "repetition 1: PER, not KEN" in page
    assert 'data-repetition="1"' in page and "request no. 1 in the phase" in page
    assert "review group 1" in page


def test_a_draw_recorded_at_a_meeting_says_so_and_asks_for_no_seed_check_when_shown(made):
    client = portal(made)
    sign_in(client, "secretariat")
    answer = client.get("/draws/3")
    assert answer.status_code == 200
    page = answer.get_data(as_text=True)
    assert 'data-recorded="yes"' in page and (
        'Drawn on</dt><dd><time datetime="2020-10-19">19 October 2020</time>, at IRG-2020-10'
        in page)
    assert "agreed at the meeting" in page and 'class="seed"' not in page


def test_repetition_of_another_states_review_is_hidden_when_a_focal_point_looks(made):
    client = portal(made)
    sign_in(client, "focal_point", "AUT")
    page = client.get("/draws/1").get_data(as_text=True)
    assert 'data-repetition="1"' not in page
    assert re.findall(r'<tr data-state="(\w+)"', page) == ["AUT", "PER"]
    assert client.get("/draws/2").status_code == 404


def test_a_date_after_today_is_refused_beside_its_field_when_asked(made):
    client = portal(made)
    sign_in(client, "secretariat")
    answer = client.get("/?as_of=2021-03-02")
    assert answer.status_code == 400
    assert 'id="as_of-error"' in answer.get_data(as_text=True)


def test_page_names_the_service_that_is_down_when_one_is(made):
    client = portal(made, down="reviews")
    sign_in(client, "secretariat")
    answer = client.get("/")
    assert answer.status_code == 503 and "reviews service is unavailable" in answer.get_data(
        as_text=True)


def test_overview_says_what_it_leaves_out_when_the_report_is_refused_to_the_role(made):
    client = portal(made, forbidden=("/reports/status",))
    sign_in(client, "focal_point", "FRA")
    answer = client.get("/")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200 and "does not show the status report" in page
    assert "Austria (AUT)" in page  # the review FRA takes part in, waiting for FRA


def test_a_refused_token_sends_the_person_to_sign_in_again_when_a_service_says_so(made):
    client = portal(made, forbidden=("/reviews",))
    sign_in(client, "secretariat")
    answer = client.get("/reviews")
    assert answer.status_code == 403 and "Sign out and sign in" in answer.get_data(as_text=True)


@pytest.mark.parametrize("next_path", [
    "//evil.example", "/\t/evil.example/", "/\n/evil.example/", "/\\evil.example",
    "/\\/evil.example", "/\r//evil.example", " //evil.example", "https://evil.example/",
    "/\x7f/evil.example"])
def test_sign_in_never_sends_on_to_another_site_when_next_says_so(made, next_path):
    client = portal(made)
    assert sign_in(client, "secretariat", next_path=next_path).headers["Location"] == "/"


def test_sign_in_sends_on_to_the_portal_page_asked_for(made):
    client = portal(made)
    assert sign_in(client, "secretariat", next_path="/reviews?stage=summary").headers[
        "Location"] == "/reviews?stage=summary"


def test_the_next_of_the_address_bar_is_refused_when_it_hides_a_tab(made):
    """`/signin?next=/%09/evil.example/` as a link would send it: the form keeps the tab,
    and the answer after sign-in stays on the portal."""
    client = portal(made)
    page = client.get("/signin?next=/%09/evil.example/").get_data(as_text=True)
    kept = re.search(r'name="next" value="([^"]*)"', page).group(1)
    assert sign_in(client, "secretariat", next_path=html.unescape(kept)).headers[
        "Location"] == "/"


def test_pages_load_nothing_from_outside_when_served(made):
    client = portal(made)
    sign_in(client, "secretariat")
    answer = client.get("/")
    assert "default-src 'none'" in answer.headers["Content-Security-Policy"]
    assert answer.headers["Cache-Control"] == "no-store"
    assert not re.search(r'(src|href)="https?://(?!127\.0\.0\.1)', answer.get_data(as_text=True))


def test_no_key_is_invented_when_none_is_configured(monkeypatch, tmp_path):
    monkeypatch.delenv("PORTAL_SECRET_KEY", raising=False)
    monkeypatch.setenv("REVMOD_VAR_DIR", str(tmp_path))
    with pytest.raises(MissingSecret, match="PORTAL_SECRET_KEY"):
        Settings.from_env()
    (tmp_path / "portal_secret").write_text("f" * 64 + "\n")
    assert Settings.from_env().secret_key == "f" * 64


def test_docs_links_use_the_address_a_browser_reaches_when_one_is_set(monkeypatch):
    monkeypatch.setenv("PORTAL_SECRET_KEY", "s" * 32)
    monkeypatch.setenv("REVIEWS_URL", "http://reviews-web:8002")
    monkeypatch.setenv("REVIEWS_PUBLIC_URL", "https://revmod.example.org/reviews")
    monkeypatch.setenv("PORTAL_ACCEPTS_PASTED_TOKENS", "true")
    settings = Settings.from_env()
    assert settings.urls["reviews"] == "http://reviews-web:8002"
    client = create_app(settings, FixedClock(NOW), lambda token: FakePeers(token)).test_client()
    sign_in(client, "secretariat")
    page = client.get("/reviews/1").get_data(as_text=True)
    assert "https://revmod.example.org/reviews/docs" in page and "reviews-web" not in page
