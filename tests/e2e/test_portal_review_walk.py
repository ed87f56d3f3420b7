"""A whole country review done in the portal, in Chromium, on the whole running system
(issue 21, "Done when"): the State under review's focal point invited and signed in, the
questionnaire answered one question per page and submitted, feedback from both reviewing
States and the replies, the list of observations drafted, agreed and adopted, the summary
and its six translations recorded by the secretariat; along the way the letters each step
causes arrive in the SMTP sink. The walk runs in English, Arabic (right to left) and
French, on three reviews of one drawn group, so that the system starts once for the
module; an observer walks a finished review and finds no form; and each bad input of the
issue gets its words on the page and changes nothing.

The selectors name fields, buttons and data attributes, never words, so that one walk
serves every language.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import re
import secrets

import pytest

from harness.broker import private_vhost
from harness.system import running_system
from harness.waiting import eventually
from tests.e2e.portal_support import API, browser, get, get_all, nominate, post, screenshot  # noqa: F401
from tests.e2e.test_portal_accounts import choose_password, letter_to, sign_in

WALKS = ("en", "ar", "fr")
RTL = {"ar"}


class Walk:
    """The running system, seeded: one drawn group whose reviews are at their
    self-assessment, one for each walk and one for the bad input."""

    def __init__(self, system, reviews: list[dict]) -> None:
        self.system = system
        self.portal = system.urls["portal"]
        self.reviews = reviews
        self.by_language = dict(zip(WALKS, reviews, strict=False))
        self.spare = reviews[len(WALKS)]

    def api(self, path: str, **params):
        return get(f"{self.system.urls['reviews']}{path}", **params)

    def stage(self, review_id: int) -> str:
        return self.api(f"/reviews/{review_id}")["stage"]


#: the three walks and the bad input, in one day, each send every Mission of a group of
#: four the letters of a whole review: more than the daily cap of 10 a Mission (it held
#: back a letter in one CI run, depending on the draw); the cap has tests of its own
WALK_SETTINGS = {"NOTIFICATIONS_DAILY_CAP": "100"}


@pytest.fixture(scope="module")
def walk(tmp_path_factory):
    with private_vhost() as amqp_url, running_system(
            "sqlite", tmp_path_factory.mktemp("walk"), amqp_url,
            settings=WALK_SETTINGS) as system:
        yield Walk(system, seed(system))


def seed(system) -> list[dict]:
    """A group of four drawn 40 days ago; every focal point of its reviews nominated (each
    gets its invitation), so each review starts; its consultation held through the API
    (the secretariat's forms are another page's): each review at its self-assessment."""
    API.headers["Authorization"] = f"Bearer {system.token('secretariat')}"
    lots, reviews, nominations = (system.urls[s] for s in ("lots", "reviews", "nominations"))
    today = dt.datetime.now(dt.UTC).date()
    states = [s["code"] for s in get(f"{lots}/states", page_size=4)]
    group = post(f"{lots}/groups", {"number": 1, "starts_on": str(today - dt.timedelta(40)),
                                    "states_under_review": states})
    post(f"{lots}/groups/{group['id']}/draw", {"drawn_on": str(today - dt.timedelta(40))})
    every = eventually(lambda: len(r := get_all(f"{reviews}/reviews")) == 4 and r,
                       timeout=60, interval=0.5)
    for code in sorted({c for r in every for c in (r["state_under_review"],
                                                   *r["reviewing_states"])}):
        nominate(nominations, code, today - dt.timedelta(10))
    for review in every:
        url = f"{reviews}/reviews/{review['id']}"
        eventually(lambda url=url: get(url)["stage"] == "preliminary_consultation",
                   timeout=60, interval=0.5)
        post(f"{url}/preliminary-consultation", {
            "actor": "secretariat", "held_on": str(today - dt.timedelta(5)),
            "languages": ["en", "fr"], "facilitated_by_secretariat": True})
    return [get(f"{reviews}/reviews/{r['id']}") for r in every]


def address(code: str) -> str:
    return f"fp-{code.lower()}@gov.example.org"


def new_page(browser):  # noqa: F811 - the module's Chromium
    return browser.new_context(locale="en-GB").new_page()


def as_role(browser, walk: Walk, role: str, state: str | None, language: str):  # noqa: F811
    """A page signed in with a token of the system (a person of `state` in `role`), in
    `language`."""
    page = new_page(browser)
    page.goto(walk.portal + "/signin")
    page.fill("#token", walk.system.token(role, state))
    page.click("form:has(#token) button[type=submit]")
    page.wait_for_url(walk.portal + "/")
    speak(page, language)
    return page


def speak(page, language: str) -> None:
    """Pick the language with the switcher every page carries; the page says it back."""
    page.click(f"form.languages button[value={language}]")
    page.wait_for_load_state()
    tag = page.locator("html").get_attribute("lang")
    assert tag.split("-")[0] == language, tag
    assert page.locator("html").get_attribute("dir") == ("rtl" if language in RTL else "ltr")


def in_language(page, language: str) -> None:
    assert page.locator("html").get_attribute("lang").split("-")[0] == language
    assert page.locator("html").get_attribute("dir") == ("rtl" if language in RTL else "ltr")


def post_forms(page) -> list[str]:
    """The forms of the page that would change something (not signing out or the language)."""
    return [a for a in page.locator("form[method=post]").evaluate_all(
        "forms => forms.map(f => f.getAttribute('action'))")
        if a not in ("/signout", "/language")]


def letters(walk: Walk, review_id: int, kind: str, counts: dict[str, int]) -> None:
    """Each State was sent (at least) its count of letters of `kind` about the review, and
    each arrived in the SMTP sink (an .eml with its subject)."""
    notifications = walk.system.urls["notifications"]

    def sent() -> list[dict] | None:
        found = [m for m in get_all(f"{notifications}/messages", review_id=review_id,
                                    kind=kind, status="sent") if m["state_code"] in counts]
        per_state = {s: sum(1 for m in found if m["state_code"] == s) for s in counts}
        return found if all(per_state[s] >= n for s, n in counts.items()) else None

    try:
        found = eventually(sent, timeout=180, interval=0.5)
    except AssertionError:
        every = get_all(f"{notifications}/messages", review_id=review_id)
        raise AssertionError(f"letters {kind} {counts} not all sent: " + "; ".join(
            f"{m['kind']} to {m['state_code']} {m['status']} {m.get('last_error')}"
            for m in every)) from None
    subjects = {m["subject"] for m in found}
    eventually(lambda: subjects <= sink_subjects(walk), timeout=30, interval=0.5)


def sink_subjects(walk: Walk) -> set[str]:
    folder = walk.system.mail_dir
    return {str(email.message_from_bytes(p.read_bytes(), policy=email.policy.default)[
        "Subject"]) for p in folder.glob("*.eml")} if folder.exists() else set()


def invited_and_signed_in(browser, walk: Walk, code: str, language: str):  # noqa: F811
    """The focal point follows the invitation's link from the sink, chooses a password and
    signs in with it, then picks the walk's language."""
    text = eventually(lambda: letter_to(walk.system.mail_dir, address(code)), timeout=90,
                      interval=0.5)
    link = re.search(r"http\S+/welcome\?token=\S+", text).group(0)
    page = new_page(browser)
    choose_password(page, link)
    sign_in(page, address(code))
    page.wait_for_url(walk.portal + "/")
    speak(page, language)
    return page


def answer_every_question(page, walk: Walk, review_id: int, language: str) -> None:
    page.goto(f"{walk.portal}/reviews/{review_id}/questionnaire")
    rows = page.locator("table.questions tr[data-question]")
    count = rows.count()
    assert count > 0
    rows.first.locator("a").click()
    for n in range(count):
        in_language(page, language)
        assert page.locator("[data-saved]").count() == 1  # says when it was last saved
        page.fill("#answer", f"Answer {n + 1}: the Penal Code covers it (walk in {language}).")
        if n == 0:
            page.fill("#legislation-0-title", "Penal Code")
            page.fill("#legislation-0-provision", "art. 278 (2)")
        page.click("button[name=then][value=next]")
        page.wait_for_load_state()
    assert page.url.endswith(f"/reviews/{review_id}/questionnaire")
    statuses = rows.evaluate_all("rows => rows.map(r => r.dataset.status)")
    assert statuses == ["draft"] * count
    first = rows.first.get_attribute("data-question")
    page.goto(f"{walk.portal}/reviews/{review_id}/questionnaire/{first}")
    if language in ("en", "ar"):
        screenshot(page, "portal-question" if language == "en" else f"portal-question-{language}",
                   full_page=True)
    assert page.input_value("#legislation-0-title") == "Penal Code"
    saved = page.locator("[data-saved] time")  # written in the page's language, ISO inside
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d", saved.get_attribute("datetime"))
    assert saved.inner_text().strip()


@pytest.mark.parametrize("language", WALKS)
def test_a_whole_review_is_done_in_the_portal_with_its_letters(browser, walk,  # noqa: F811
                                                                language):
    review = walk.by_language[language]
    rid, under = review["id"], review["state_under_review"]
    # two reviewing States, and a third where the draw added one
    reviewers = review["reviewing_states"]
    portal = walk.portal

    # 1. invitation and sign-in; the home page says what to do next
    state = invited_and_signed_in(browser, walk, under, language)
    assert state.locator(f"li[data-task=answer][data-review='{rid}']").count() == 1
    if language == "en":
        screenshot(state, "portal-tasks")

    # 2. the questionnaire answered, one question per page, and submitted
    answer_every_question(state, walk, rid, language)
    state.goto(f"{portal}/reviews/{rid}/questionnaire")
    state.click("form[action$='/questionnaire/submit'] button[type=submit]")
    state.wait_for_load_state()
    assert walk.stage(rid) == "written_feedback"
    assert state.locator("form[action$='/questionnaire/submit']").count() == 0
    # QuestionnaireSubmitted: the reviewing States are told the answers await them
    letters(walk, rid, "review_content", dict.fromkeys(reviewers, 1))

    # 3. feedback per question from every reviewing State, their written feedback, replies
    questions = [q["question_id"] for q in walk.api(f"/reviews/{rid}/questionnaire")[
        "questions"]]
    kinds = ("clarification_request", "comment")
    for n, code in enumerate(reviewers):
        question, kind = questions[n], kinds[n % 2]
        reviewer = as_role(browser, walk, "focal_point", code, language)
        assert reviewer.locator(f"li[data-task=feedback][data-review='{rid}']").count() == 1
        reviewer.goto(f"{portal}/reviews/{rid}/questionnaire/{question}")
        assert reviewer.locator("#answer").count() == 0  # a reviewing State does not answer
        reviewer.check(f"input[name=kind][value={kind}]")
        reviewer.fill("#feedback-text", f"Feedback of {code} on {question}.")
        reviewer.click("form.feedback-form button[type=submit]")
        reviewer.wait_for_load_state()
        assert reviewer.locator("article.feedback").count() == 1
        reviewer.goto(f"{portal}/reviews/{rid}/questionnaire")
        reviewer.fill("#written-text", f"The written feedback of {code}.")
        reviewer.click("form[action$='/written-feedback'] button[type=submit]")
        reviewer.wait_for_load_state()
        reviewer.context.close()
    assert walk.stage(rid) == "list_of_observations"
    # FeedbackGiven, once a reviewing State: the State under review is told of each
    letters(walk, rid, "review_content", {under: len(reviewers)})
    state.goto(portal + "/")
    assert state.locator(f"li[data-task=reply][data-review='{rid}']").count() == 1
    for question in questions[:len(reviewers)]:
        state.goto(f"{portal}/reviews/{rid}/questionnaire/{question}")
        state.fill("form.reply-form textarea", f"Our reply on {question}.")
        state.click("form.reply-form button[type=submit]")
        state.wait_for_load_state()
        assert state.locator("article.feedback .reply").count() == 1
    in_language(state, language)

    # 4. the list of observations drafted by the reviewing States one article at a time (in
    # turns, every article: the review moves on once a list covering them all is adopted),
    # agreed by the State under review, adopted by the secretariat
    for n, code in enumerate(reviewers):
        reviewer = as_role(browser, walk, "expert", code, language)
        reviewer.goto(f"{portal}/reviews/{rid}/observations")
        links = reviewer.locator("section.article a").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))")
        for at, link in enumerate(links):
            if at % len(reviewers) != n:
                continue
            reviewer.goto(portal + link)
            fill = "successes" if at % 2 else "challenges"
            reviewer.fill(f"#{fill}-0", f"An observation of {code} on {link}.")
            reviewer.select_option("#needs-0-category", "capacity_building")
            reviewer.fill("#needs-0-text", f"A need {code} saw.")
            reviewer.click("form.observations-form button[type=submit]")
            reviewer.wait_for_load_state()
        reviewer.context.close()
    versions = walk.api(f"/reviews/{rid}/observation-lists")
    assert len(versions[-1]["articles"]) == len(links)
    state.goto(f"{portal}/reviews/{rid}/observations")
    state.check("input[name=good_practices_public]")
    state.click("form[action$='/observations/agree'] button[type=submit]")
    state.wait_for_load_state()
    assert state.locator("[data-list-status=agreed]").count() == 1
    if language == "en":
        screenshot(state, "portal-observations", full_page=True)
    secretariat = as_role(browser, walk, "secretariat", None, language)
    secretariat.goto(f"{portal}/reviews/{rid}/observations")
    secretariat.click("form[action$='/observations/adopt'] button[type=submit]")
    secretariat.wait_for_load_state()
    assert walk.stage(rid) == "summary"
    # ObservationsAdopted: every State of the review is told
    letters(walk, rid, "review_content",
            {under: len(reviewers) + 1, **dict.fromkeys(reviewers, 2)})

    # 5. the summary and its translations recorded by the secretariat; the review completed
    secretariat.goto(f"{portal}/reviews/{rid}/summary")
    secretariat.fill("#summary-text", f"The review of {under} found a sound Penal Code.")
    secretariat.click("form.summary-form button[type=submit]")
    secretariat.wait_for_load_state()
    for code in ("ar", "zh", "en", "fr", "ru", "es"):
        secretariat.select_option(f"#status-{code}", "done")
    secretariat.click("form.translations-form button[type=submit]")
    secretariat.wait_for_load_state()
    in_language(secretariat, language)
    if language == "en":
        screenshot(secretariat, "portal-summary", full_page=True)
    secretariat.click("form[action$='/complete'] button[type=submit]")
    secretariat.wait_for_load_state()
    assert walk.stage(rid) == "completed"
    letters(walk, rid, "stage_changed", {under: 1})
    state.goto(f"{portal}/reviews/{rid}/summary")
    assert state.locator("[data-translations] li[data-status=done]").count() == 6
    state.context.close()
    secretariat.context.close()


def test_an_observer_walks_a_finished_review_and_finds_no_form(browser, walk):  # noqa: F811
    review = walk.by_language["en"]
    rid = review["id"]
    assert walk.stage(rid) == "completed", "the walk in English did not complete its review"
    for state in (review["state_under_review"], review["reviewing_states"][0]):
        page = as_role(browser, walk, "observer", state, "en")
        assert page.locator("li[data-task]").count() == 0
        pages = [f"/reviews/{rid}", f"/reviews/{rid}/questionnaire",
                 f"/reviews/{rid}/observations", f"/reviews/{rid}/summary"]
        page.goto(walk.portal + pages[1])
        pages += page.locator("table.questions a").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))")
        page.goto(walk.portal + pages[2])
        pages += page.locator("section.article a").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))")
        for path in pages:
            assert page.goto(walk.portal + path).status == 200, path
            assert post_forms(page) == [], path
        page.goto(f"{walk.portal}/reviews/{rid}/questionnaire")
        assert page.locator("tr[data-status=submitted]").count() > 0  # sees the answers
        page.context.close()


def guard_of(page) -> dict:
    """The session's CSRF token (every page's sign-out form carries it) and a form token
    never used, as a form of the portal would send them."""
    return {"csrf": page.locator("input[name=csrf]").first.get_attribute("value"),
            "once": secrets.token_urlsafe(8)}


def test_bad_input_gets_words_on_the_page_and_changes_nothing(browser, walk):  # noqa: F811
    review = walk.spare
    rid, under = review["id"], review["state_under_review"]
    portal = walk.portal
    question = walk.api(f"/reviews/{rid}/questionnaire")["questions"][0]["question_id"]
    path = f"{portal}/reviews/{rid}/questionnaire/{question}"

    def versions() -> list:
        return walk.api(f"/reviews/{rid}/questionnaire/answers/{question}")

    page = as_role(browser, walk, "focal_point", under, "en")
    page.goto(path)
    # without the CSRF token
    answer = page.request.post(path, form={"answer": "Forged.", "then": "stay"})
    assert answer.status == 400 and "the form has expired" in answer.text()
    # sent twice: the first counts, the second is told so
    guard = guard_of(page)
    first = page.request.post(path, form={**guard, "answer": "Once.", "then": "stay"},
                              max_redirects=0)
    again = page.request.post(path, form={**guard, "answer": "Once.", "then": "stay"})
    assert first.status == 303 and again.status == 409
    assert "was sent already" in again.text() and len(versions()) == 1
    # larger than the service takes: its reason beside the field, the text kept
    page.goto(path)
    longest = "ب" * 50_001
    refused = page.request.post(path, form={**guard_of(page), "answer": longest,
                                            "then": "stay"})
    assert refused.status == 422 and 'id="answer-error"' in refused.text()
    assert longest in refused.text() and len(versions()) == 1
    # larger than the portal reads: a page in words
    page.goto(path)
    huge = page.request.post(path, form={**guard_of(page), "answer": "x" * 1_100_000,
                                         "then": "stay"})
    assert huge.status == 413 and "larger than the portal accepts" in huge.text()
    # a stage change the review's state forbids: submitted with questions unanswered,
    # and moved on to its summary while at its self-assessment
    page.goto(f"{portal}/reviews/{rid}/questionnaire")
    page.click("form[action$='/questionnaire/submit'] button[type=submit]")
    assert "are not answered yet" in page.locator(".refusal").inner_text()
    assert walk.stage(rid) == "self_assessment"
    secretariat = as_role(browser, walk, "secretariat", None, "en")
    secretariat.goto(f"{portal}/reviews/{rid}/observations")
    moved = secretariat.request.post(f"{portal}/reviews/{rid}/observations/move-on",
                                     form=guard_of(secretariat))
    assert moved.status == 409 and "self_assessment" in moved.text()
    assert walk.stage(rid) == "self_assessment"
    # an answer to another State's review: not found, as if it did not exist
    outsider = next(r["state_under_review"] for r in walk.reviews
                    if r["state_under_review"] not in (under, *review["reviewing_states"]))
    other = as_role(browser, walk, "focal_point", outsider, "en")
    other.goto(portal + "/reviews")
    sent = other.request.post(path, form={**guard_of(other), "answer": "Not ours.",
                                          "then": "stay"})
    assert sent.status == 404 and len(versions()) == 1
    # after the session ended: the sign-in page says so and shows the text to copy
    page.goto(path)
    page.fill("#answer", "Typed while the session ended.")
    ended = page.context.new_page()
    ended.goto(portal + "/")
    ended.click("form[action='/signout'] button[type=submit]")
    page.click("button[name=then][value=stay]")
    page.wait_for_load_state()
    assert "/signin" in page.url or page.locator("#email").count() == 1
    assert page.locator("section.kept textarea").input_value() == (
        "Typed while the session ended.")
    assert len(versions()) == 1
    for opened in (page, secretariat, other):
        opened.context.close()
