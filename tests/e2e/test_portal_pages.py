"""The portal in a real browser over the whole system, seeded through the APIs: each page
shows what the services' JSON says, works from the keyboard, on a phone and without
JavaScript, weighs at most 100 KB with its stylesheet, loads nothing from elsewhere, has
nothing axe-core rates serious or critical, and leaves a screenshot in var/screenshots/
(docs/screenshots/, for the README, with `make screenshots`)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.e2e.portal_support import (
    API,
    MAX_PAGE_BYTES,
    PHONE,
    SEED,
    accessibility_problems,
    choose_by_keyboard,
    css_addresses,
    elsewhere,
    get,
    get_all,
    loaded_from_elsewhere,
    main_paths,
    screenshot,
    signed_in,
    tab_to,
)


def figures_of(section) -> dict[str, int]:
    return {bar.get_attribute("data-key"): int(bar.get_attribute("data-value"))
            for bar in section.locator("svg.chart-bars g.bar").all()}


# the portal keeps no data: which database the services run on is their own tests'
# concern (each runs on both), so the portal's pages run once, on make run's SQLite
@pytest.mark.parametrize("system", ["sqlite"], indirect=True)
def test_pages_show_what_the_apis_say_when_a_population_is_seeded(system, population, browser,
                                                                  findings):
    page = signed_in(browser, system, "secretariat")
    outside, errors = [], []  # nothing may load from elsewhere, nothing may be refused
    page.on("request", lambda r: None if r.url.startswith(system.urls["portal"])
            else outside.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    audit: list[str] = []  # axe-core's findings on every page, asserted once at the end
    check_overview(page, system, population, audit)
    check_reviews(page, system, population, audit)
    check_missing_and_draw(page, system, population, audit)
    first_question = check_questionnaire(browser, system, population, audit)
    check_reports(page, system, findings, audit)
    check_languages(page, system, population, audit)
    assert (outside, errors) == ([], [])
    assert audit == []
    check_poor_connection(browser, system, population, first_question)
    check_missions_language(browser, system, population)
    phone = signed_in(browser, system, "secretariat", viewport=PHONE)
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(phone, "portal-phone-overview")


def check_overview(page, system, population, audit: list[str]) -> None:
    """Stage funnel, completion and reviews not started: the status report's figures."""
    (group,) = get(f"{system.urls['reviews']}/reports/status")["groups"]
    section = page.locator('section[data-group="1"]')
    assert figures_of(section) == group["stages"]
    assert figures_of(section)["self_assessment"] >= 1
    completion = group["completion"]
    assert section.locator('[data-figure="percentage"]').inner_text() == (
        f"{completion['percentage']:.1f}".removesuffix(".0"))
    for key in ("under_review", "reviewing"):
        figure = section.locator(f'[data-figure="not-started-{key.replace("_", "-")}"]')
        assert int(figure.inner_text()) == group["not_started"][key]
    waiting = population.waiting
    row = section.locator("tr", has_text=f"({waiting['state_under_review']})")
    for code in waiting["missing_focal_points"]:
        assert code in row.inner_text()
    screenshot(page, "portal-overview")
    audit.extend(accessibility_problems(page))

    page.keyboard.press("Tab")  # the first stop is the skip link, and it leads to the content
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    yesterday = (population.today - dt.timedelta(days=1)).isoformat()
    page.fill("#as_of", yesterday)
    page.press("#as_of", "Enter")
    page.wait_for_url(f"**/?as_of={yesterday}")
    assert page.locator("h1 time").get_attribute("datetime") == yesterday


def check_reviews(page, system, population, audit: list[str]) -> None:
    """The table, its filters and one review's page: the reviews API's answers."""
    portal, reviews = system.urls["portal"], system.urls["reviews"]
    page.goto(f"{portal}/reviews")
    assert page.locator("caption").first.inner_text().startswith("24 reviews")
    started = population.started
    row = page.locator(f'tr[data-review="{started["id"]}"]')
    assert row.locator("td[data-stage]").get_attribute("data-stage") == "self_assessment"
    assert row.locator(f'time[datetime="{started["deadline"]}"]').count() == 1
    for late in page.locator("tr.is-overdue").all():
        assert "Overdue by" in late.inner_text()  # said in words, not by colour alone
    screenshot(page, "portal-reviews")
    audit.extend(accessibility_problems(page))

    tab_to(page, "#stage")  # the filters from the keyboard alone: Tab, arrows, Enter
    choose_by_keyboard(page, "#stage", "waiting_for_nominations")
    tab_to(page, "form.filters button")
    page.keyboard.press("Enter")
    page.wait_for_url("**stage=waiting_for_nominations**")
    shown = {int(r.get_attribute("data-review")) for r in page.locator("tr[data-review]").all()}
    waiting = get_all(f"{reviews}/reviews", stage="waiting_for_nominations")
    assert shown == {r["id"] for r in waiting[:25]}

    states = get_all(f"{system.urls['lots']}/states")
    region = next(s["regional_group"] for s in states
                  if s["code"] == started["state_under_review"])
    in_region = {s["code"] for s in states if s["regional_group"] == region}
    page.goto(f"{portal}/reviews?region={region}")
    shown = {int(r.get_attribute("data-review")) for r in page.locator("tr[data-review]").all()}
    assert shown == {r["id"] for r in population.reviews
                     if r["state_under_review"] in in_region}

    page.click(f'tr[data-review="{started["id"]}"] th a')
    assert page.locator("table.history tbody tr").count() == len(started["stage_history"])
    assert "English, French" in page.locator("dl.facts").inner_text()
    sent = get_all(f"{system.urls['notifications']}/messages", review_id=started["id"])
    assert page.locator("table.messages tbody tr").count() == len(sent)
    screenshot(page, "portal-review")
    audit.extend(accessibility_problems(page))


def check_missing_and_draw(page, system, population, audit: list[str]) -> None:
    """Missing nominations with their reminders, and the draw with its seed."""
    portal = system.urls["portal"]
    page.goto(f"{portal}/missing")
    missing = get_all(f"{system.urls['nominations']}/missing",
                      as_of=population.today.isoformat())
    assert int(page.locator('[data-figure="missing"]').inner_text()) == len(missing)
    first, oldest = page.locator("table.missing tbody tr").first, missing[0]
    assert (first.get_attribute("data-state"), int(first.get_attribute("data-review")),
            first.get_attribute("data-role")) == (
        oldest["state_code"], oldest["review_id"], oldest["role"])
    letters = get_all(f"{system.urls['notifications']}/messages", kind="nomination_missing",
                      state_code=oldest["state_code"], review_id=oldest["review_id"])
    shown = [li.inner_text().split(": ", 1)[1] for li in first.locator("li").all()]
    assert shown and set(shown) <= {m["subject"] for m in letters}
    screenshot(page, "portal-missing")
    audit.extend(accessibility_problems(page))

    page.goto(f"{portal}/draws")
    audit.extend(accessibility_problems(page))
    page.click(f"text=Results of draw {population.draw_id}")
    assert page.locator("code.seed").first.inner_text() == SEED
    assert page.locator("tr[data-state]").count() == 24
    lots = f"{system.urls['lots']}/draws/{population.draw_id}"
    verified = get(f"{lots}/verification")["matches"]
    assert page.locator("[data-verified]").get_attribute("data-verified") == (
        "yes" if verified else "no")
    repetitions = get(f"{lots}/repetitions")
    assert page.locator("tr[data-repetition]").count() == len(repetitions) == 1
    row = page.locator("tr[data-repetition]").inner_text()
    assert population.repetition["replaced"] in row
    assert population.repetition["replacement"] in row
    screenshot(page, "portal-draw")
    audit.extend(accessibility_problems(page))


def check_questionnaire(browser, system, population, audit: list[str]) -> str:
    """The State under review's focal point answers the first question from the keyboard
    alone, one question a page, and the page says when the answer was last saved; the
    questionnaire, the list of observations and the summary pass axe-core. The first
    question's id."""
    portal, review = system.urls["portal"], population.started
    url = f"{system.urls['reviews']}/reviews/{review['id']}/questionnaire"
    first, second = [q["question_id"] for q in get(url)["questions"][:2]]
    page = signed_in(browser, system, "focal_point", review["state_under_review"])
    page.goto(f"{portal}/reviews/{review['id']}/questionnaire")
    audit.extend(accessibility_problems(page))
    page.goto(f"{portal}/reviews/{review['id']}/questionnaire/{first}")
    assert page.locator("[data-saved]").inner_text() == "Not saved yet."
    audit.extend(accessibility_problems(page))
    tab_to(page, "#answer")
    page.keyboard.type("Yes: article 5 of the penal code.")
    tab_to(page, "button[name=then][value=next]")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/questionnaire/{second}")
    (saved,) = get(f"{url}/answers/{first}")
    assert saved["text"] == "Yes: article 5 of the penal code."
    page.goto(f"{portal}/reviews/{review['id']}/questionnaire/{first}")
    assert page.locator("[data-saved]").inner_text().startswith("Last saved at ")
    for part in ("observations", "summary"):
        page.goto(f"{portal}/reviews/{review['id']}/{part}")
        audit.extend(accessibility_problems(page))
    return first


def check_poor_connection(browser, system, population, first_question: str) -> None:
    """With JavaScript off, every main page shows its content and its forms still send;
    each page and its stylesheet weigh at most 100 KB together, and load nothing from
    anywhere but the portal (the stylesheet neither)."""
    portal = system.urls["portal"]
    page = signed_in(browser, system, "secretariat", javascript=False)
    sheets = {}
    for path in main_paths(population, first_question):
        answer = page.goto(portal + path)
        assert answer.status == 200, path
        html = answer.text()
        assert page.locator("main h1").count() == 1, path
        for link in page.locator("link[rel=stylesheet]").all():
            href = link.get_attribute("href")
            sheets[href] = sheets.get(href) or page.request.get(portal + href).text()
        assert len(answer.body()) + sum(len(css.encode()) for css in sheets.values()) <= (
            MAX_PAGE_BYTES), path
        assert loaded_from_elsewhere(html, portal) == [], path
    assert sheets and [elsewhere(css_addresses(css), portal) for css in sheets.values()] == [
        [] for _ in sheets]

    page.goto(f"{portal}/reviews")  # a form sends without script: the filters
    page.select_option("#stage", "waiting_for_nominations")
    page.click("form.filters button")
    assert "stage=waiting_for_nominations" in page.url
    page.goto(f"{portal}/")
    page.fill("#as_of", population.today.isoformat())
    page.press("#as_of", "Enter")
    page.wait_for_url(f"**/?as_of={population.today.isoformat()}")
    page.click('form.languages button[value="fr"]')  # and the language is picked
    assert page.locator("html").get_attribute("lang") == "fr"


def check_reports(page, system, findings, audit: list[str]) -> None:
    """The general report of trends and a survey's results, as the services compute them,
    each figure under three reviews or States a dash; reached from the navigation."""
    portal = system.urls["portal"]
    page.goto(portal + "/")
    page.locator("nav a", has_text="Trends").click()
    page.wait_for_url("**/reports/trends")
    report = get(f"{system.urls['reviews']}/reports/trends")
    assert report["reviews"] == 3
    assert page.locator('[data-figure="reviews"]').inner_text().endswith(": 3.")
    first = report["articles"][0]
    row = page.locator(f'section[data-article="{first["instrument"]} {first["article"]}"] '
                       'tr[data-group="all"] td')
    assert row.all_inner_texts()[:3] == [str(first["reviews"]), str(first["challenges"]),
                                         str(first["good_practices"])]
    assert first["good_practices_quoted"][0] in page.inner_text("main")
    hidden = page.locator('section[data-article] tr:not([data-group="all"]) .hidden-figure')
    assert hidden.count() >= 1  # one or two reviews per regional group: not shown
    screenshot(page, "portal-trends", full_page=True)
    audit.extend(accessibility_problems(page))
    page.select_option("#cluster", "4")
    page.click("form.filters button[type=submit]")
    assert "cluster=4" in page.url and page.locator("section[data-article]").count() == 0
    # asked outside the page (a refused load would be a console error in it)
    refused = page.request.get(portal + "/reports/trends?as_of=2999-01-01")
    assert refused.status == 400 and 'aria-invalid="true"' in refused.text()

    page.goto(portal + "/")
    page.locator("nav a", has_text="Survey results").click()
    page.locator(f'tr[data-survey="{findings.survey["id"]}"] a').click()
    page.wait_for_url(f"**/reports/surveys/{findings.survey['id']}")
    assert page.locator('tr[data-group="all"] td').all_inner_texts() == [
        "6", "3 (50 per cent)", "3 (50 per cent)"]
    assert "50 per cent of States requested assistance on REVMOD." in page.inner_text("main")
    screenshot(page, "portal-survey-results", full_page=True)
    audit.extend(accessibility_problems(page))


def check_languages(page, system, population, audit: list[str]) -> None:
    """Picked with the buttons every page carries, Arabic reads right to left and French
    writes its dates as French does; the pick holds from page to page."""
    portal, started = system.urls["portal"], population.started
    page.goto(f"{portal}/reviews")
    with page.expect_navigation():
        page.click('form.languages button[value="ar"]')
    assert page.url == f"{portal}/reviews"
    html = page.locator("html")
    assert (html.get_attribute("lang"), html.get_attribute("dir")) == ("ar", "rtl")
    assert page.locator("h1").inner_text() == "الاستعراضات القُطرية"  # Country reviews
    assert page.evaluate("getComputedStyle(document.querySelector('main')).direction") == "rtl"
    screenshot(page, "portal-reviews-arabic")
    audit.extend(accessibility_problems(page))
    page.goto(f"{portal}/draws")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("h1").inner_text() == "عمليات سحب القرعة"  # Draws of lots

    with page.expect_navigation():
        page.click('form.languages button[value="fr"]')
    page.goto(f"{portal}/reviews/{started['id']}")
    assert page.locator("html").get_attribute("dir") == "ltr"
    facts = page.locator("dl.facts")
    assert "Prochaine échéance" in facts.inner_text()  # Next deadline
    deadline = dt.date.fromisoformat(started["deadline"])
    shown = facts.locator(f'time[datetime="{started["deadline"]}"]').inner_text()
    month = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
             "septembre", "octobre", "novembre", "décembre")[deadline.month - 1]
    day = "1er" if deadline.day == 1 else str(deadline.day)
    assert shown == f"{day} {month} {deadline.year}"
    audit.extend(accessibility_problems(page))
    page.click('form.languages button[value="en"]')


def check_missions_language(browser, system, population) -> None:
    """A focal point who picked no language reads the portal in its Mission's."""
    code = population.started["state_under_review"]
    mission = f"{system.urls['nominations']}/missions/{code}"
    answer = API.put(mission, json={"emails": get(mission)["emails"], "language": "es"},
                     timeout=15)
    assert answer.status_code == 200, answer.text
    page = signed_in(browser, system, "focal_point", code, language=None)
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator("h1").inner_text().startswith("Situación de cada examen")
