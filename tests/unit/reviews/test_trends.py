"""The general report of trends counted from a made-up population through the fake unit of
work: each count checked against the population counted again, counts drawn from fewer
than three reviews hidden, good practices quoted only with the State's consent, no State
named anywhere."""

from __future__ import annotations

import datetime as dt

from services.reviews.domain.observations import CHALLENGE, NEED, SUCCESS
from services.reviews.domain.report.document import as_text
from services.reviews.domain.trends.table import as_csv
from services.reviews.domain.trends.wording import trends_document
from services.reviews.handlers.trends import trend_report
from shared.clock import FixedClock
from tests.unit.reviews.fakes import FakeContext, FakeUnitOfWork
from tests.unit.reviews.trends_population import A5, A6, CATEGORIES, expected, population

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
            assert f["challenges"] == expected(key, CHALLENGE, group=group), (key, group)
            assert f["good_practices"] == expected(key, SUCCESS, group=group), (key, group)
            for code in CATEGORIES:
                assert f["needs"][code] == expected(key, NEED, code, group), (key, group, code)
    five = by_article[A5]
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
