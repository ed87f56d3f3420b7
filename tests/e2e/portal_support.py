"""For the portal's browser tests: headless Chromium from Debian's package (never
downloaded) driven by Playwright, a population seeded through the services' APIs, and a
signed-in page. The test modules import these fixtures by name."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
import requests
from axe_playwright_python.sync_playwright import Axe

from harness.waiting import eventually
from shared.config import REPO_ROOT

CHROMIUM = Path("/usr/bin/chromium")
#: no sandbox (containers), nothing fetched in the background: the tests stay offline
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
#: the README's screenshots, tracked: rewritten only when asked (`make screenshots`)
DOCS_SCREENSHOTS = REPO_ROOT / "docs" / "screenshots"
#: where every other run leaves its screenshots, to look at and never to commit
RUN_SCREENSHOTS = REPO_ROOT / "var" / "screenshots"
LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
SEED = "c0ffee00c0ffee00c0ffee00c0ffee00"
#: axe-core as its Python package carries it (axe.min.js inside the wheel): injected into
#: the page by Playwright, never fetched, so the check runs offline and past the portal's
#: Content-Security-Policy, which lets no script in
AXE = Axe()
#: what axe rates as keeping someone from using the page; "moderate" and "minor" are
#: advice
BLOCKING = {"serious", "critical"}
#: the most a main page may weigh on a poor connection (issue 21)
MAX_PAGE_BYTES = 100 * 1024


@pytest.fixture(scope="module")
def browser():
    """A real Chromium; without one the portal's tests fail and say how to install it."""
    from playwright import sync_api

    if not CHROMIUM.exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: `apt-get install chromium` (make test and "
                    ".ci/run install it)", pytrace=False)
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                              args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


#: the seeding's HTTP client, signed in as the secretariat of the system being seeded
API = requests.Session()


def get(url: str, **params):
    answer = API.get(url, params=params, timeout=15)
    assert answer.status_code == 200, answer.text
    return answer.json()


def get_all(url: str, **params) -> list:
    items, page = [], 1
    while True:
        batch = get(url, page=page, page_size=100, **params)
        items += batch
        if len(batch) < 100:
            return items
        page += 1


def post(url: str, body: dict) -> dict:
    answer = API.post(url, json=body, timeout=30)
    assert answer.status_code in (200, 201), answer.text
    return answer.json()


@dataclass
class Population:
    today: dt.date
    draw_id: int
    reviews: list[dict]
    #: a review moved on to the self-assessment through the reviews API
    started: dict
    #: a review whose State under review nominated, and its reviewers did not
    waiting: dict
    #: a review in which `started`'s State under review takes no part
    outsider: dict
    #: the draw's repetition, at the request of a review's State under review
    repetition: dict


def nominate(nominations: str, code: str, on: dt.date) -> None:
    post(f"{nominations}/nominations", {
        "state_code": code, "role": "focal_point", "name": f"Focal point of {code}",
        "title": "Counsellor", "email": f"fp-{code.lower()}@gov.example.org",
        "gender": "female", "nominated_on": on.isoformat()})


@pytest.fixture
def population(system) -> Population:
    """One group of 24 drawn 40 days ago and repeated once, a few focal points nominated 10
    days ago, one review moved two stages on (its consultation held 5 days ago, after its
    automatic start), and the nominations sweep of today with its reminders sent."""
    API.headers["Authorization"] = f"Bearer {system.token('secretariat')}"
    lots, reviews, nominations, notifications = (
        system.urls[s] for s in ("lots", "reviews", "nominations", "notifications"))
    today = dt.datetime.now(dt.UTC).date()
    states = [s["code"] for s in get(f"{lots}/states", page_size=24)]
    group = post(f"{lots}/groups", {"number": 1, "starts_on": str(today - dt.timedelta(40)),
                                    "states_under_review": states})
    draw = post(f"{lots}/groups/{group['id']}/draw",
                {"seed": SEED, "drawn_on": str(today - dt.timedelta(40))})
    every = eventually(lambda: len(r := get_all(f"{reviews}/reviews")) == 24 and r,
                       timeout=60)
    ids = {r["id"] for r in every}  # and the nominations service knows them all
    eventually(lambda: {m["review_id"] for m in get_all(
        f"{nominations}/missing", as_of=today.isoformat(), role="focal_point")} == ids,
        timeout=60)
    started, waiting = every[0], every[1]
    for code in {started["state_under_review"], *started["reviewing_states"],
                 waiting["state_under_review"]}:
        nominate(nominations, code, today - dt.timedelta(10))
    url = f"{reviews}/reviews/{started['id']}"
    eventually(lambda: get(url)["stage"] == "preliminary_consultation", timeout=60)
    post(f"{url}/preliminary-consultation", {
        "actor": "secretariat", "held_on": str(today - dt.timedelta(5)),
        "languages": ["en", "fr"], "facilitated_by_secretariat": True})
    repetition = repeat(system, draw["id"], every[2])
    out = system.cli("nominations", "sweep", "--as-of", today.isoformat())
    published = int(re.search(r"(\d+)", out).group(1))
    eventually(lambda: len(get_all(f"{notifications}/messages", kind="nomination_missing",
                                   status="sent")) >= published, timeout=90)
    mine, every = started["state_under_review"], get_all(f"{reviews}/reviews")
    outsider = next(r for r in every if mine not in (r["state_under_review"],
                                                    *r["reviewing_states"]))
    return Population(today, draw["id"], every, get(url),
                      get(f"{reviews}/reviews/{waiting['id']}"), outsider, repetition)


def repeat(system, draw_id: int, review: dict) -> dict:
    """Repeat the draw for the review's first reviewing State, as its State under review
    asks; wait until the reviews service has the replacement."""
    replaced = review["reviewing_states"][0]
    repetition = post(f"{system.urls['lots']}/draws/{draw_id}/repetitions", {
        "state_under_review": review["state_under_review"], "replaced": replaced,
        "requested_by": review["state_under_review"], "reason": "a conflict of interest"})
    url = f"{system.urls['reviews']}/reviews/{review['id']}"
    eventually(lambda: repetition["replacement"] in get(url)["reviewing_states"], timeout=60)
    return repetition


def signed_in(browser, system, role: str, state: str | None = None, viewport=LAPTOP,
              javascript: bool = True, language: str | None = "en"):
    """A new browser page, signed in to the portal through its form; in English as if the
    person had picked it, unless `language` is None (then their Mission's language)."""
    context = browser.new_context(viewport=viewport, java_script_enabled=javascript)
    if language:
        context.add_cookies([{"name": "revmod_language", "value": language,
                              "url": system.urls["portal"]}])
    page = context.new_page()
    page.goto(system.urls["portal"] + "/")
    assert "/signin" in page.url
    page.fill("#token", system.token(role, state))
    page.click("form:has(#token) button[type=submit]")
    page.wait_for_url(system.urls["portal"] + "/")
    return page


def screenshot_folder() -> Path:
    """docs/screenshots/ when REFRESH_SCREENSHOTS=1, else var/screenshots/: a test run
    leaves the tracked screenshots as they are."""
    return DOCS_SCREENSHOTS if os.environ.get("REFRESH_SCREENSHOTS") == "1" else RUN_SCREENSHOTS


def screenshot(page, name: str, *, full_page: bool = False) -> None:
    folder = screenshot_folder()
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=full_page)


def accessibility_problems(page) -> list[str]:
    """axe-core's serious and critical findings on the page as it stands, a line each,
    naming the rule, the page and the elements; [] when there are none."""
    found = AXE.run(page).response["violations"]
    return [f"{page.url}: {v['id']} ({v['impact']}): {v['help']}: "
            f"{[n['target'] for n in v['nodes']][:5]}"
            for v in found if v["impact"] in BLOCKING]


def main_paths(population: Population, first_question: str) -> list[str]:
    """The portal's main ten (issue 21): the overview, the reviews, a review, the missing
    nominations, the draws, a draw, and the started review's questionnaire, first question,
    list of observations and summary."""
    review = f"/reviews/{population.started['id']}"
    return ["/", "/reviews", review, "/missing", "/draws", f"/draws/{population.draw_id}",
            f"{review}/questionnaire", f"{review}/questionnaire/{first_question}",
            f"{review}/observations", f"{review}/summary"]


_URL_IN_CSS = re.compile(r"""url\(\s*['"]?([^'")]+)|@import\s+['"]([^'"]+)""")


class _Loaded(HTMLParser):
    """Every address a page makes the browser load by itself: scripts, images, frames,
    stylesheets, icons and inline styles' url(...); links people follow are not loaded."""

    LOADING_LINKS = {"stylesheet", "icon", "preload", "prefetch", "manifest", "modulepreload"}

    def __init__(self) -> None:
        super().__init__()
        self.addresses: list[str] = []

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        for name in ("src", "srcset", "poster", "data"):
            if found.get(name):
                self.addresses.append(found[name])
        if tag == "link" and self.LOADING_LINKS & set((found.get("rel") or "").split()):
            self.addresses.append(found.get("href") or "")
        self.addresses += css_addresses(found.get("style") or "")


def css_addresses(css: str) -> list[str]:
    """What a stylesheet (or a style attribute) loads: its url(...)s and @imports."""
    return [a or b for a, b in _URL_IN_CSS.findall(css)]


def elsewhere(addresses: list[str], portal: str) -> list[str]:
    """The addresses on another site than the portal's (data: URLs are inline)."""
    return [a for a in addresses if re.match(r"^([a-z][a-z0-9+.-]*:|//)", a, re.I)
            and not a.startswith(("data:", portal + "/"))]


def loaded_from_elsewhere(html: str, portal: str) -> list[str]:
    """What the page loads from anywhere but the portal itself."""
    parser = _Loaded()
    parser.feed(html)
    return elsewhere(parser.addresses, portal)


def tab_to(page, selector: str, presses: int = 80) -> None:
    """Press Tab until `selector` has the focus, as someone on a keyboard reaches it; an
    element Tab never reaches fails the test."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} is not reached by {presses} presses of Tab")


def choose_by_keyboard(page, selector: str, value: str) -> None:
    """Move a focused <select> to `value` with the arrow keys, as a keyboard does."""
    for _ in range(page.locator(f"{selector} option").count()):
        if page.locator(selector).input_value() == value:
            return
        page.keyboard.press("ArrowDown")
    assert page.locator(selector).input_value() == value


@dataclass
class Findings:
    """What the reviews and the survey found, seeded for the reports' pages."""

    #: the reviews walked through the API to an adopted list of observations
    observed: list[dict]
    survey: dict


def observe_review(system, review: dict, today: dt.date) -> None:
    """A review taken through the API from its start to an adopted list of observations
    per article (a challenge and a capacity-building need on every article, good practices
    public): its States' focal points, consultation, answers, feedback and the list."""
    reviews, nominations = system.urls["reviews"], system.urls["nominations"]
    sur, reviewing = review["state_under_review"], review["reviewing_states"]
    url = f"{reviews}/reviews/{review['id']}"
    for code in get(url)["missing_focal_points"]:  # a State's focal point serves every review
        nominate(nominations, code, today - dt.timedelta(10))
    eventually(lambda: get(url)["stage"] == "preliminary_consultation", timeout=60)
    post(f"{url}/preliminary-consultation", {
        "actor": "secretariat", "held_on": str(today - dt.timedelta(5)), "languages": ["en"],
        "facilitated_by_secretariat": True})
    questions = get(f"{url}/questionnaire")["questions"]
    for q in questions:
        answer = API.put(f"{url}/questionnaire/answers/{q['question_id']}", json={
            "actor": "Ministry of Justice", "actor_state": sur, "answer": "Yes."}, timeout=15)
        assert answer.status_code == 200, answer.text
    post(f"{url}/questionnaire/submit", {"actor": "Ministry of Justice", "actor_state": sur})
    for code in reviewing:
        post(f"{url}/feedback", {"actor": "Reviewer", "actor_state": code, "text": "Noted."})
    articles = list(dict.fromkeys((q["instrument"], q["article"]) for q in questions))
    [*_, drafted] = post(f"{url}/observation-lists", {
        "actor": "Reviewer", "actor_state": reviewing[0], "articles": [
            {"instrument": i, "article": a, "challenges": ["Few convictions."],
             "successes": [f"A specialised unit (article {a})."],
             "needs": [{"category": "capacity_building", "text": "Training."}]}
            for i, a in articles]})
    version = f"{url}/observation-lists/{drafted['version']}"
    post(f"{version}/agree", {"actor": "Ministry", "actor_state": sur,
                              "good_practices_public": True})
    post(f"{version}/adopt", {"actor": "secretariat"})


@pytest.fixture
def findings(system, population) -> Findings:
    """Three reviews apart from the population's own with adopted lists, and a survey
    opened to seven States, six of which answered (three yes, three no)."""
    taken = {population.started["id"], population.waiting["id"], population.outsider["id"]}
    chosen = [r for r in population.reviews if r["id"] not in taken][3:6]
    for review in chosen:
        observe_review(system, review, population.today)
    survey_url = system.urls["survey"]
    survey = post(f"{survey_url}/surveys", {"title": "Needs for assistance", "questions": [
        {"kind": "single", "text": "Do you need assistance on REVMOD?", "required": True,
         "options": [{"label": "Yes", "statement": "requested assistance on REVMOD"},
                     {"label": "No"}]}]})
    states = sorted({r["state_under_review"] for r in population.reviews})[:7]
    opened = post(f"{survey_url}/surveys/{survey['id']}/open", {
        "states": states, "deadline": str(population.today + dt.timedelta(20))})
    yes, no = (o["id"] for o in opened["questions"][0]["options"])
    for i, code in enumerate(states[:6]):
        # the secretariat records each State's answer (as it may, from a note verbale)
        answer = API.put(
            f"{survey_url}/surveys/{survey['id']}/answers/{code}", timeout=15,
            json={"answers": [{"question_id": opened["questions"][0]["id"],
                               "option_ids": [yes if i < 3 else no]}]})
        assert answer.status_code == 200, answer.text
    return Findings([get(f"{system.urls['reviews']}/reviews/{r['id']}") for r in chosen],
                    opened)
