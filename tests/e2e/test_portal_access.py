"""Who sees what in the portal, in a real browser: a focal point only its own State's
reviews (another State's review is a 404 page), and nobody but the secretariat a way to
change anything. What each of them sees, the sign-in and the 404 page too, has nothing
axe-core rates serious or critical."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.e2e.portal_support import (
    LAPTOP,
    accessibility_problems,
    get,
    post,
    screenshot,
    signed_in,
)


def writes_offered(page) -> int:
    """Links to the APIs' write side, and forms that post anything but signing out and the
    language of the pages."""
    forms = page.locator(
        "form[method=post]:not([action='/signout']):not([action='/language'])").count()
    return page.locator("[data-write]").count() + forms


# the portal keeps no data: which database the services run on is their own tests'
# concern (each runs on both), so the portal's pages run once, on make run's SQLite
@pytest.mark.parametrize("system", ["sqlite"], indirect=True)
def test_each_sees_only_what_its_role_allows_when_signed_in(system, population, browser):
    audit: list[str] = []  # axe-core's findings on every page, asserted once at the end
    check_focal_point(browser, system, population, audit)
    check_observer(browser, system, population, audit)
    check_reports_refused(browser, system, population)
    signin = browser.new_context(viewport=LAPTOP).new_page()
    signin.goto(system.urls["portal"] + "/signin")
    audit.extend(accessibility_problems(signin))
    assert audit == []


def check_focal_point(browser, system, population, audit: list[str]) -> None:
    """Only its own State's reviews; another State's review is a 404 page."""
    portal, mine = system.urls["portal"], population.started["state_under_review"]
    page = signed_in(browser, system, "focal_point", mine)
    page.goto(f"{portal}/reviews")
    shown = {int(r.get_attribute("data-review")) for r in page.locator("tr[data-review]").all()}
    assert shown == {r["id"] for r in population.reviews
                     if mine in (r["state_under_review"], *r["reviewing_states"])}
    assert population.outsider["id"] not in shown

    assert page.goto(f"{portal}/reviews/{population.started['id']}").status == 200
    outsider = population.outsider
    answer = page.goto(f"{portal}/reviews/{outsider['id']}")
    assert answer.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    name = get(f"{system.urls['lots']}/states/{outsider['state_under_review']}")["name"]
    assert name not in page.content()
    screenshot(page, "portal-not-found")
    audit.extend(accessibility_problems(page))
    for path in ("/", "/reviews", f"/reviews/{population.started['id']}", "/missing",
                 f"/draws/{population.draw_id}"):
        page.goto(portal + path)
        assert writes_offered(page) == 0, path
        assert mine in page.locator(".who").inner_text()
        audit.extend(accessibility_problems(page))


def check_observer(browser, system, population, audit: list[str]) -> None:
    """No way to write anything, where the secretariat has one."""
    portal, review_id = system.urls["portal"], population.started["id"]
    observer = signed_in(browser, system, "observer", population.started["reviewing_states"][0])
    secretariat = signed_in(browser, system, "secretariat")
    for path in ("/", "/reviews", f"/reviews/{review_id}", "/missing", "/draws"):
        observer.goto(portal + path)
        assert writes_offered(observer) == 0, path
        if path == "/":
            audit.extend(accessibility_problems(observer))
        assert observer.locator("button", has_text="Sign out").count() == 1
    secretariat.goto(f"{portal}/reviews/{review_id}")
    assert writes_offered(secretariat) > 0
    assert "Observer" in observer.locator(".who").inner_text()


def check_reports_refused(browser, system, population) -> None:
    """The report of trends and a survey's results are the secretariat's: a focal point
    and an observer find neither in the navigation, and are told so at their address; a
    survey not opened to their State is not found."""
    portal, mine = system.urls["portal"], population.started["state_under_review"]
    survey = post(f"{system.urls['survey']}/surveys", {"title": "Needs", "questions": [
        {"kind": "text", "text": "What do you need?"}]})
    post(f"{system.urls['survey']}/surveys/{survey['id']}/open",
         {"states": [mine], "deadline": str(population.today + dt.timedelta(20))})
    for role, state in (("focal_point", mine), ("observer", mine)):
        page = signed_in(browser, system, role, state)
        assert page.locator("nav a", has_text="Trends").count() == 0
        for path in ("/reports/trends", f"/reports/surveys/{survey['id']}"):
            answer = page.goto(portal + path)
            assert answer.status == 403 and page.locator("[data-refused]").count() == 1, path
            assert writes_offered(page) == 0
    other = signed_in(browser, system, "focal_point", population.outsider["state_under_review"])
    assert other.goto(f"{portal}/reports/surveys/{survey['id']}").status == 404
