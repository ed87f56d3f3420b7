"""What every page's frame shows: the navigation, who is signed in, and (for the
secretariat only) where to act, in the services' own API documentation."""

from __future__ import annotations

from flask import request
from flask_babel import lazy_gettext

from services.portal.pages.context import current, signed_in

NAVIGATION = (
    ("overview.page", lazy_gettext("Overview")),
    ("reviews.page", lazy_gettext("Reviews")),
    ("reminders.page", lazy_gettext("Missing nominations")),
    ("draws.page", lazy_gettext("Draws")),
)

#: for the secretariat only: what the reviews find (the services read these reports to it
#: alone), and where its forms are
SECRETARIAT_NAVIGATION = (("trends.page", lazy_gettext("Trends")),
                          ("survey_results.page", lazy_gettext("Survey results")),
                          ("secretariat.index", lazy_gettext("Secretariat's forms")))
PEOPLE_NAVIGATION = (("people.page", lazy_gettext("People")),)

#: pages that belong to a section of the navigation without being its first page
SECTION_OF = {"review": "reviews", "questionnaire": "reviews", "observations": "reviews",
              "summary": "reviews",
              **{form: "secretariat" for form in (
                  "secretariat_nominations", "secretariat_review", "secretariat_draws",
                  "secretariat_conference", "secretariat_surveys", "secretariat_dead_letters")}}


def layout_globals() -> dict:
    who = signed_in()
    docs = {}
    if who is not None and who.may_act:
        settings = current().settings
        docs = {name: f"{settings.public_url(name).rstrip('/')}/docs" for name in settings.urls}
    section = (request.endpoint or "").split(".")[0]
    navigation = NAVIGATION + PEOPLE_NAVIGATION + (
        SECRETARIAT_NAVIGATION if who is not None and who.may_act else ())
    return {"viewer": who, "navigation": navigation, "api_docs": docs,
            "active_section": SECTION_OF.get(section, section)}
