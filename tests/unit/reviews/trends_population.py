"""A made-up population of adopted lists of observations for the tests of the general
report of trends, and the report's counts computed again the plain way, to check against."""

from __future__ import annotations

from services.reviews.domain.observations import CHALLENGE, NEED, SUCCESS
from services.reviews.domain.trends.records import AdoptedList, Observed

A5, A6 = ("convention", "5"), ("convention", "6")
GROUPS = {1: "african", 2: "african", 3: "african", 4: "african", 5: "asia_pacific",
          6: "asia_pacific"}
#: review -> (agreed to publish its good practices, [(article, kind, category, text)])
FOUND = {
    1: (True, [(A5, CHALLENGE, None, "Few convictions."), (A5, SUCCESS, None, "Unit A."),
               (A5, NEED, "capacity_building", "Training."), (A6, SUCCESS, None, "Law B.")]),
    2: (False, [(A5, CHALLENGE, None, "Few convictions."), (A5, SUCCESS, None, "Unit B."),
                (A5, NEED, "capacity_building", "Training."), (A6, CHALLENGE, None, "Gap.")]),
    3: (True, [(A5, CHALLENGE, None, "Slow courts."),
               (A5, NEED, "capacity_building", "Judges."),
               (A5, NEED, "capacity_building", "Prosecutors.")]),
    4: (False, [(A5, CHALLENGE, None, "No data.")]),
    5: (True, [(A5, NEED, "legislative_assistance", "Drafting.")]),
    6: (True, [(A5, NEED, "data_collection", "Statistics.")]),
}
CATEGORIES = {"capacity_building": "Capacity building", "data_collection": "Data collection",
              "legislative_assistance": "Legislative assistance"}


def population() -> list[AdoptedList]:
    return [AdoptedList(review, GROUPS[review], public, tuple(
        Observed(a[0], a[1], kind, category, text) for a, kind, category, text in items))
        for review, (public, items) in FOUND.items()]


def counted(article, kind, category=None, group=None) -> tuple[int, int]:
    """How many reviews (of `group`, or all) cover `article`, and found `kind` under it."""
    def reviews(match):
        return {r for r, (_, items) in FOUND.items()
                if (group is None or GROUPS[r] == group)
                and any(match(i) for i in items)}
    base = reviews(lambda i: i[0] == article)
    found = reviews(lambda i: i[0] == article and i[1] == kind and i[2] == category)
    return len(base), len(found)


def expected(article, kind, category=None, group=None) -> int | None:
    """The count, hidden when the reviews covering the article number fewer than three or
    the count is one or two (before any count is hidden that would give those back)."""
    base, found = counted(article, kind, category, group)
    return None if base < 3 or 0 < found < 3 else found
