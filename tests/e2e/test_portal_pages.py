"""The portal in a real browser over the whole system, seeded through the APIs: each page
shows what the services' JSON says, works from the keyboard and on a phone, and leaves a
screenshot in var/screenshots/ (docs/screenshots/, for the README, with `make screenshots`)."""

from __future__ import annotations

import datetime as dt

from tests.e2e.portal_support import PHONE, SEED, get, get_all, screenshot, signed_in


def figures_of(section) -> dict[str, int]:
    return {bar.get_attribute("data-key"): int(bar.get_attribute("data-value"))
            for bar in section.locator("svg.chart-bars g.bar").all()}


def test_pages_show_what_the_apis_say_when_a_population_is_seeded(system, population, browser):
    page = signed_in(browser, system, "secretariat")
    outside, errors = [], []  # nothing may load from elsewhere, nothing may be refused
    page.on("request", lambda r: None if r.url.startswith(system.urls["portal"])
            else outside.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    check_overview(page, system, population)
    check_reviews(page, system, population)
    check_missing_and_draw(page, system, population)
    assert (outside, errors) == ([], [])
    phone = signed_in(browser, system, "secretariat", viewport=PHONE)
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(phone, "portal-phone-overview")


def check_overview(page, system, population) -> None:
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

    page.keyboard.press("Tab")  # the first stop is the skip link, and it leads to the content
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    yesterday = (population.today - dt.timedelta(days=1)).isoformat()
    page.fill("#as_of", yesterday)
    page.press("#as_of", "Enter")
    page.wait_for_url(f"**/?as_of={yesterday}")
    assert yesterday in page.locator("h1").inner_text()


def check_reviews(page, system, population) -> None:
    """The table, its filters and one review's page: the reviews API's answers."""
    portal, reviews = system.urls["portal"], system.urls["reviews"]
    page.goto(f"{portal}/reviews")
    assert page.locator("caption").first.inner_text().startswith("24 reviews")
    started = population.started
    row = page.locator(f'tr[data-review="{started["id"]}"]')
    assert row.locator("td[data-stage]").get_attribute("data-stage") == "self_assessment"
    assert started["deadline"] in row.inner_text()
    for late in page.locator("tr.is-overdue").all():
        assert "Overdue by" in late.inner_text()  # said in words, not by colour alone
    screenshot(page, "portal-reviews")

    page.select_option("#stage", "waiting_for_nominations")
    page.click("form.filters button")
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


def check_missing_and_draw(page, system, population) -> None:
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

    page.goto(f"{portal}/draws")
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
