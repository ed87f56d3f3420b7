"""The secretariat's forms in a real browser over the whole system (one system for the
module, on SQLite): a nomination from a note verbale, a preliminary consultation, a review
sent back with its reason, a draw held at a meeting and a repetition, a Conference's
decision, a survey opened and closed, a dead letter replayed. Each form is first sent with
a mistake, and the service's reason shows beside the field, with what was typed kept; each
result is then read back from the owning service's API."""

from __future__ import annotations

import datetime as dt

import pika
import pytest

from harness.broker import private_vhost
from harness.system import running_system
from harness.waiting import eventually
from shared.bus import topology
from shared.events.contracts import routing_keys
from tests.e2e.portal_support import (
    API,
    PHONE,
    SEED,
    accessibility_problems,
    get,
    get_all,
    post,
    screenshot,
    signed_in,
)
from tests.e2e.test_portal_access import writes_offered

TODAY = dt.datetime.now(dt.UTC).date()


def day(offset: int) -> str:
    return (TODAY + dt.timedelta(days=offset)).isoformat()


@pytest.fixture(scope="module")
def system(tmp_path_factory):
    with private_vhost() as amqp_url, running_system(
            "sqlite", tmp_path_factory.mktemp("secretariat"), amqp_url) as running:
        yield running


@pytest.fixture(scope="module")
def drawn(system) -> dict:
    """Group 1 of 24 drawn 40 days ago; the reviews it scheduled, and the States left."""
    API.headers["Authorization"] = f"Bearer {system.token('secretariat')}"
    lots, reviews = system.urls["lots"], system.urls["reviews"]
    parties = get_all(f"{lots}/states")
    states = [s["code"] for s in parties[:24]]
    group = post(f"{lots}/groups", {"number": 1, "starts_on": day(-40),
                                    "states_under_review": states})
    draw = post(f"{lots}/groups/{group['id']}/draw", {"seed": SEED, "drawn_on": day(-40)})
    every = eventually(lambda: len(r := get_all(f"{reviews}/reviews")) == 24 and r,
                       timeout=60, interval=0.5)
    others = [s["code"] for s in parties[24:] if s.get("takes_part", True)]
    return {"draw": draw, "reviews": every, "others": others}


def test_the_secretariat_records_what_happened_through_its_forms(system, drawn, browser):
    """The main paths in order, each on the state the one before left (one test, so that
    the steps never run apart on two test processes, each with a system of its own)."""
    page = signed_in(browser, system, "secretariat")
    audit: list[str] = []  # axe-core's findings on each form, refused and done
    for check in (check_nomination, check_consultation_and_send_back,
                  check_forbidden_stage_change, check_draw_at_a_meeting,
                  check_conference_decision, check_survey, check_dead_letter):
        check(system, drawn, page, audit)
    check_nobody_else(system, drawn, browser)
    phone = signed_in(browser, system, "secretariat", viewport=PHONE)
    for path in (f"/secretariat/reviews/{drawn['reviews'][0]['id']}",
                 "/secretariat/nominations/new", "/secretariat/decisions/"):
        phone.goto(system.urls["portal"] + path)  # nothing wider than the phone
        assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert audit == []


def field_error(page, name: str) -> str:
    return page.locator(f'[id="{name}-error"]').inner_text()


def submit(page, form: str, button: str | None = None) -> None:
    page.locator(f"{form} button[type=submit]" if button is None else button).click()
    page.wait_for_load_state()


def confirmation(page) -> str:
    return page.locator("p.confirmation").inner_text()


def check_nomination(system, drawn, page, audit: list[str]):
    review = drawn["reviews"][0]
    code, portal = review["state_under_review"], system.urls["portal"]
    for other in review["reviewing_states"]:  # the reviewing States' by the API
        post(f"{system.urls['nominations']}/nominations", {
            "state_code": other, "role": "focal_point", "name": f"Focal point of {other}",
            "title": "Counsellor", "email": f"fp-{other.lower()}@gov.example.org",
            "gender": "male", "nominated_on": day(-10)})
    page.goto(f"{portal}/people?state={code}")
    page.click("text=Record a nomination from a note verbale")
    page.check("input[name=role][value=focal_point]")
    page.fill("#note_verbale_ref", "NV/17")
    page.fill("#note_verbale_date", day(-10))
    page.fill("#name", "A. Rahimi")
    page.fill("#title", "Counsellor")
    page.fill("#email", "a.rahimi-at-gov")
    page.select_option("#gender", "female")
    page.check("input[name=languages][value=fr]")
    submit(page, "form.secretariat-form")
    assert field_error(page, "email")
    assert page.locator("#email").get_attribute("aria-invalid") == "true"
    assert page.input_value("#name") == "A. Rahimi"  # nothing typed is lost
    assert page.is_checked("input[name=languages][value=fr]")
    page.locator("#email").scroll_into_view_if_needed()
    screenshot(page, "portal-secretariat-refused")
    audit.extend(accessibility_problems(page))
    page.fill("#email", "a.rahimi@gov.example.org")
    submit(page, "form.secretariat-form")
    assert page.url.endswith(f"/people?state={code}")
    assert "A. Rahimi recorded as focal point" in confirmation(page)
    assert "A. Rahimi" in page.locator('table[data-role="focal_point"]').inner_text()
    held = next(n for n in get_all(f"{system.urls['nominations']}/nominations",
                                   state_code=code, role="focal_point")
                if n["name"] == "A. Rahimi")
    assert (held["note_verbale_ref"], held["nominated_on"]) == ("NV/17", day(-10))
    screenshot(page, "portal-secretariat-people")
    audit.extend(accessibility_problems(page))


def check_consultation_and_send_back(system, drawn, page, audit: list[str]):
    portal, review = system.urls["portal"], drawn["reviews"][0]
    url = f"{system.urls['reviews']}/reviews/{review['id']}"
    eventually(lambda: get(url)["stage"] == "preliminary_consultation", timeout=60,
               interval=0.5)  # started by its focal points, nominated above
    page.goto(f"{portal}/reviews/{review['id']}")
    page.click("text=Record a step of this review")
    page.fill("#hc-held_on", day(1))  # a day to come: refused
    page.check("form[data-form=consultation] input[name=languages][value=en]")
    page.check("form[data-form=consultation] input[name=languages][value=fr]")
    page.fill('[id="hc-time_frames.self_assessment"]', day(120))
    submit(page, "form[data-form=consultation]",
           "form[data-form=consultation] button[value=agreed]")
    assert field_error(page, "held_on")
    assert page.input_value('[id="hc-time_frames.self_assessment"]') == day(120)
    audit.extend(accessibility_problems(page))
    page.fill("#hc-held_on", day(-5))
    submit(page, "form[data-form=consultation]",
           "form[data-form=consultation] button[value=agreed]")
    assert "preliminary consultation is recorded" in confirmation(page)
    assert get(url)["languages"] == ["en", "fr"]

    page.click("text=Record a step of this review")
    page.fill("#sb-reason", "the working languages were agreed without Spain's expert")
    submit(page, "form[data-form=send-back]")
    assert page.url.endswith(f"/reviews/{review['id']}")
    assert "sent back to the stage: Preliminary consultation" in confirmation(page)
    last = page.locator("table.history tbody tr").last.inner_text()
    assert "the working languages were agreed without Spain's expert" in last
    assert get(url)["stage"] == "preliminary_consultation"
    screenshot(page, "portal-secretariat-sent-back")


def check_forbidden_stage_change(system, drawn, page, audit: list[str]):
    waiting = drawn["reviews"][1]
    page.goto(f"{system.urls['portal']}/secretariat/reviews/{waiting['id']}")
    page.fill("#sb-reason", "sent back by mistake")
    submit(page, "form[data-form=send-back]")
    reason = page.locator("form[data-form=send-back] [id=stage-error]").inner_text()
    assert "cannot be sent back" in reason
    assert page.input_value("#sb-reason") == "sent back by mistake"
    stage = get(f"{system.urls['reviews']}/reviews/{waiting['id']}")["stage"]
    assert stage == "waiting_for_nominations"


def check_draw_at_a_meeting(system, drawn, page, audit: list[str]):
    portal, lots = system.urls["portal"], system.urls["lots"]
    first, second = drawn["others"][:2]
    group = post(f"{lots}/groups", {"number": 2, "starts_on": day(30),
                                    "states_under_review": [first, second]})
    page.goto(f"{portal}/secretariat/meetings")
    page.fill("#name", "IRG-E2E")
    page.fill("#title", "Implementation Review Group, test session")
    page.fill("#held_on", day(1))
    submit(page, "form.secretariat-form")
    assert field_error(page, "held_on") and page.input_value("#name") == "IRG-E2E"
    page.fill("#held_on", day(-2))
    submit(page, "form.secretariat-form")
    assert "IRG-E2E is registered" in confirmation(page)

    page.goto(f"{portal}/secretariat/draws/record?group={group['id']}")
    page.select_option("#meeting", "IRG-E2E")
    a, b, c, d = drawn["others"][2:6]
    page.fill(f'[name="reviewing.{first}"]', f"{first}, {a}")  # itself: refused
    page.fill(f'[name="reviewing.{second}"]', f"{c}, {d}")
    submit(page, "form.secretariat-form")
    row = page.locator(f'tr[data-under-review="{first}"]')
    assert "cannot review itself" in row.locator(".field-error").inner_text()
    assert page.input_value(f'[name="reviewing.{second}"]') == f"{c}, {d}"
    audit.extend(accessibility_problems(page))
    page.fill(f'[name="reviewing.{first}"]', f"{a}, {b}")
    for code in (first, second):  # whatever else the rules say, agreed at the meeting
        page.fill(f'[name="exception.{code}"]', "agreed at the meeting")
    submit(page, "form.secretariat-form")
    assert "held at IRG-E2E is recorded" in confirmation(page)
    recorded = get(f"{lots}/draws/{page.url.rsplit('/', 1)[1]}")
    assert recorded["recorded"] and recorded["meeting"] == "IRG-E2E"
    assert {r["state_under_review"]: r["reviewing_states"] for r in recorded["reviews"]} == {
        first: [a, b], second: [c, d]}

    draw_id, review = drawn["draw"]["id"], drawn["reviews"][2]
    page.goto(f"{portal}/draws/{draw_id}")
    page.click("text=Record a repetition of this draw")
    page.select_option("#state_under_review", review["state_under_review"])
    page.fill("#replaced", review["reviewing_states"][0])
    page.fill("#requested_by", review["state_under_review"])
    page.fill("#reason", "a conflict of interest")
    page.select_option("#meeting", "IRG-E2E")
    page.fill("#repeated_on", day(1))
    submit(page, "form.secretariat-form")
    assert field_error(page, "repeated_on")
    assert page.input_value("#reason") == "a conflict of interest"
    audit.extend(accessibility_problems(page))
    page.fill("#repeated_on", day(-2))
    submit(page, "form.secretariat-form")
    assert "Repetition 1 is recorded" in confirmation(page)
    (repetition,) = get(f"{lots}/draws/{draw_id}/repetitions")
    assert (repetition["meeting"], repetition["replaced"]) == (
        "IRG-E2E", review["reviewing_states"][0])
    screenshot(page, "portal-secretariat-repetition")


def check_conference_decision(system, drawn, page, audit: list[str]):
    page.goto(f"{system.urls['portal']}/secretariat/decisions/")
    page.select_option("#ov-phase", "1/1")
    page.fill("#ov-reason", "decision 11/2 of the Conference")
    page.fill("#ov-decided_on", day(1))
    submit(page, "form[data-form=override]")
    assert field_error(page, "decided_on")
    audit.extend(accessibility_problems(page))
    page.fill("#ov-decided_on", day(-1))
    submit(page, "form[data-form=override]")
    assert "is recorded" in confirmation(page)
    assert "decision 11/2" in page.locator('tr[data-phase="1/1"]').inner_text()
    (phase,) = get(f"{system.urls['reviews']}/phases", group_number=1)
    assert phase["override"]["reason"] == "decision 11/2 of the Conference"


def check_survey(system, drawn, page, audit: list[str]):
    survey = post(f"{system.urls['survey']}/surveys", {
        "title": "Technical assistance needs", "questions": [
            {"kind": "single", "text": "Do you need assistance?", "options": [
                {"label": "yes"}, {"label": "no"}]}]})
    states = drawn["reviews"][0]["reviewing_states"]
    page.goto(f"{system.urls['portal']}/secretariat/surveys/")
    section = f'section[data-survey="{survey["id"]}"]'
    page.uncheck(f"{section} input[name=every]")
    page.fill(f"#s{survey['id']}-states", ", ".join(states))
    page.fill(f"#s{survey['id']}-deadline", day(-1))  # passed: refused
    submit(page, f"{section} form[data-form=open]")
    assert "has passed" in field_error(page, "deadline")
    assert page.input_value(f"#s{survey['id']}-states") == ", ".join(states)
    audit.extend(accessibility_problems(page))
    page.fill(f"#s{survey['id']}-deadline", day(30))
    submit(page, f"{section} form[data-form=open]")
    assert f"open to {len(states)} States" in confirmation(page)
    assert get(f"{system.urls['survey']}/surveys/{survey['id']}")["status"] == "open"
    submit(page, f"{section} form[data-form=close]")
    assert "is closed" in confirmation(page)
    assert page.locator(section).get_attribute("data-status") == "closed"


def check_dead_letter(system, drawn, page, audit: list[str]):
    connection = pika.BlockingConnection(pika.URLParameters(system.env["AMQP_URL"]))
    try:
        connection.channel().basic_publish(  # one the lots service hears, unreadable
            topology.EXCHANGE, routing_keys("ReviewCompleted")[0], b"not an event at all")
    finally:
        connection.close()
    letter = eventually(lambda: get(f"{system.urls['lots']}/dead-letters"), timeout=60,
                        interval=0.5)[0]
    page.goto(f"{system.urls['portal']}/secretariat/dead-letters/")
    row = page.locator(f'tr[data-letter="lots-{letter["id"]}"]')
    row.locator("button").click()
    page.wait_for_load_state()
    assert f"Dead letter {letter['id']} is sent back" in confirmation(page)
    replayed = next(d for d in get(f"{system.urls['lots']}/dead-letters")
                    if d["id"] == letter["id"])
    assert replayed["replay_requested_at"]
    assert "sent back" in page.locator(f'tr[data-letter="lots-{letter["id"]}"]').inner_text()
    screenshot(page, "portal-secretariat-dead-letters")
    audit.extend(accessibility_problems(page))


def check_nobody_else(system, drawn, browser):
    """A focal point finds no form and is answered 403 by every secretariat's page."""
    review = drawn["reviews"][0]
    focal = signed_in(browser, system, "focal_point", review["state_under_review"])
    portal = system.urls["portal"]
    assert "Secretariat's forms" not in focal.locator("nav").inner_text()
    for path in ("/secretariat/", f"/secretariat/reviews/{review['id']}",
                 "/secretariat/nominations/new", "/secretariat/dead-letters/"):
        assert focal.goto(portal + path).status == 403, path
    focal.goto(f"{portal}/people")
    assert "A. Rahimi" in focal.locator('table[data-role="focal_point"]').inner_text()
    assert writes_offered(focal) == 0
