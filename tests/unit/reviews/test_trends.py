"""The general report of trends counted from a made-up population through the fake unit of
work: each count checked against the population counted again, counts drawn from fewer
than three reviews hidden, good practices quoted only with the State's consent, no State
named anywhere."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from services.reviews.domain.observations import CHALLENGE, NEED, SUCCESS
from services.reviews.domain.report.document import as_text
from services.reviews.domain.trends.figures import trend_figures
from services.reviews.domain.trends.records import AdoptedList, Observed
from services.reviews.domain.trends.table import as_csv
from services.reviews.domain.trends.wording import trends_document
from services.reviews.handlers.trends import trend_report
from shared.clock import FixedClock
from tests.unit.reviews.fakes import FakeContext, FakeUnitOfWork
from tests.unit.reviews.trends_population import (
    A5,
    A6,
    CATEGORIES,
    counted,
    expected,
    population,
)

AS_OF = dt.date(2023, 6, 30)


class FakeObservationStore:
    def __init__(self) -> None:
        self.asked: list[tuple] = []

    def adopted_as_of(self, as_of, cluster=None, phase=None):
        self.asked.append((as_of, cluster, phase))
        return population()

    def categories(self):
        return dict(CATEGORIES)


def report() -> tuple[dict, FakeObservationStore]:
    ctx = FakeContext(FixedClock(dt.datetime(2023, 7, 1, tzinfo=dt.UTC)))
    store = FakeObservationStore()
    ctx.uow = type("WithObservations", (FakeUnitOfWork,), {"observations": store})()
    return trend_report(ctx, AS_OF, cluster=1, phase=1), store


def test_counts_match_the_population_and_hide_those_under_three_reviews():
    figures, store = report()
    assert store.asked == [(AS_OF, 1, 1)]
    by_article = {(a["instrument"], a["article"]): a for a in figures["articles"]}
    for key, article in by_article.items():
        for group, f in [(None, article), *article["by_regional_group"].items()]:
            found = [(f["challenges"], CHALLENGE, None), (f["good_practices"], SUCCESS, None),
                     *((f["needs"][code], NEED, code) for code in CATEGORIES)]
            for shown, kind, code in found:
                # a count is its population's, or hidden: always when under three
                if expected(key, kind, code, group) is None:
                    assert shown is None, (key, group, kind, code)
                else:
                    assert shown in (None, counted(key, kind, code, group)[1])
    five = by_article[A5]
    # Asia and the Pacific's two reviews hide their counts; Africa's four would give them
    # back from the six of all, so Africa's are hidden too
    assert all(v is None for g in five["by_regional_group"].values()
               for v in (g["reviews"], g["challenges"], *g["needs"].values()))
    assert (five["reviews"], five["challenges"], five["good_practices"]) == (6, 4, None)
    assert five["needs"] == {"capacity_building": 3, "data_collection": None,
                             "legislative_assistance": None}
    assert five["by_regional_group"]["asia_pacific"]["reviews"] is None
    assert by_article[A6]["reviews"] is None and figures["reviews"] == 6
    assert figures["frequent_challenges"] == [
        {"instrument": "convention", "article": "5", "reviews": 4}]
    assert figures["frequent_needs"] == [{"category": "capacity_building", "reviews": 3}]


def test_good_practices_are_quoted_only_with_consent_and_under_three_reviews_or_more():
    figures, _ = report()
    by_article = {(a["instrument"], a["article"]): a for a in figures["articles"]}
    assert by_article[A5]["good_practices_quoted"] == ["Unit A."]
    assert by_article[A6]["good_practices_quoted"] == []


def test_text_and_csv_name_no_state_and_say_what_is_hidden():
    figures, _ = report()
    text = " ".join(as_text(trends_document(figures, AS_OF, 1, 1)).split())
    assert "article 5 of the Convention (four reviews)" in text
    assert "capacity building (three reviews)" in text and "Unit A." in text
    assert "Unit B." not in text
    table = as_csv(figures)
    assert "convention,5,all,challenges,4\r\n" in table
    assert "convention,5,all,good_practices,\r\n" in table
    for code in ("review 1", "AUT", "FRA"):
        assert code not in text


REGIONS = ("african", "asia_pacific", "eastern_european", None)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(REGIONS), st.booleans(), st.booleans()),
                max_size=30))
def test_no_hidden_count_comes_back_by_subtraction_from_the_groups(reviews):
    """Over random populations: for each figure of an article, the count for all reviews
    and the groups' (the sum the report holds) leave no single hidden count to work out."""
    lists = [AdoptedList(i, group, False, (
        Observed("convention", "5", CHALLENGE if challenge else SUCCESS, None, "x"),
        *((Observed("convention", "5", NEED, "capacity_building", "y"),) if need else ())))
        for i, (group, challenge, need) in enumerate(reviews)]
    for article in trend_figures(lists, {"capacity_building": "Capacity building"})["articles"]:
        groups = article["by_regional_group"].values()
        for pick in (lambda f: f["reviews"], lambda f: f["challenges"],
                     lambda f: f["good_practices"], lambda f: f["needs"]["capacity_building"]):
            total, parts = pick(article), [pick(g) for g in groups]
            hidden = [p for p in parts if p is None]
            if total is not None and hidden:
                assert len(hidden) >= 2 and total - sum(p for p in parts if p) >= 3
            if total is None:
                assert hidden or not parts
