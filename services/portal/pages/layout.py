"""What every page's frame shows: the navigation, who is signed in, and (for the
secretariat only) where to act, in the services' own API documentation."""

from __future__ import annotations

from flask import request

from services.portal.pages.context import current, signed_in

NAVIGATION = (
    ("overview.page", "Overview"),
    ("reviews.page", "Reviews"),
    ("reminders.page", "Missing nominations"),
    ("draws.page", "Draws"),
)

#: pages that belong to a section of the navigation without being its first page
SECTION_OF = {"review": "reviews"}


def layout_globals() -> dict:
    who = signed_in()
    docs = {}
    if who is not None and who.may_act:
        settings = current().settings
        docs = {name: f"{settings.public_url(name).rstrip('/')}/docs" for name in settings.urls}
    section = (request.endpoint or "").split(".")[0]
    return {"viewer": who, "navigation": NAVIGATION, "api_docs": docs,
            "active_section": SECTION_OF.get(section, section)}
