"""Benchmark: the general report of trends (issue 19, item 4) over 600 adopted lists of
observations of 40 articles each, built directly in a temporary database (SQLite, or PostgreSQL
on 127.0.0.1).

    .venv/bin/python bench/trends.py [--backend sqlite|postgres]

Each list has one to three findings per article (successes, challenges, needs in one of the
six categories), and an earlier, superseded version the report must skip. The figure is the
best of a few runs of the whole report as the API serves it (read the lists in force, count,
word the note's text, write the CSV). The baseline, measured in the same run on the same
database, is the same counts (reviews per article, regional group, kind and category) by one
SQL query; the run checks that both agree before printing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert, text

from harness.databases import database
from services.reviews.adapters.observations_orm import ObservationItemRow, ObservationListRow
from services.reviews.adapters.orm import ReviewRow
from services.reviews.adapters.questionnaire_orm import PartyInstrumentsRow
from services.reviews.bootstrap import MIGRATIONS as REVIEWS_MIGRATIONS
from services.reviews.bootstrap import bootstrap
from services.reviews.domain import stages as s
from services.reviews.domain.observations import ADOPTED, CHALLENGE, NEED, SUCCESS
from services.reviews.domain.report.document import as_text
from services.reviews.domain.trends.table import as_csv
from services.reviews.domain.trends.wording import trends_document
from services.reviews.handlers.trends import trend_report
from services.reviews.settings import Settings
from shared.db.migrate import upgrade
from shared.events.payloads import REGIONAL_GROUPS

REVIEWS, ARTICLES, RUNS = 600, 40, 5
AS_OF = dt.date(2024, 6, 30)
NOW = dt.datetime(2024, 1, 10, 12, tzinfo=dt.UTC)
CATEGORIES = ("legislative_assistance", "capacity_building", "institution_building",
              "data_collection", "international_cooperation", "other")

#: one query: per article, regional group, kind and category, how many reviews found it,
#: over each review's latest version adopted by the day
BASELINE = text("""
SELECT i.instrument, i.article, p.regional_group, i.kind, i.category,
       COUNT(DISTINCT l.review_id)
FROM observation_items i
JOIN observation_lists l ON l.id = i.list_id
JOIN reviews r ON r.id = l.review_id
LEFT JOIN party_instruments p ON p.code = r.state_under_review
WHERE l.status = 'adopted' AND l.adopted_on <= :as_of
  AND l.version = (SELECT MAX(v.version) FROM observation_lists v
                   WHERE v.review_id = l.review_id AND v.status = 'adopted'
                     AND v.adopted_on <= :as_of)
GROUP BY i.instrument, i.article, p.regional_group, i.kind, i.category
""")


def populate(ctx, seed: int = 19) -> int:
    rng = random.Random(seed)
    reviews, parties, lists, items = [], [], [], []
    for rid in range(1, REVIEWS + 1):
        code = "".join(chr(65 + rid // 26 ** k % 26) for k in (2, 1, 0))  # three letters
        reviews.append(dict(id=rid, draw_id=1, group_number=1 + rid % 3, phase=1, cluster=1,
                            state_under_review=code, reviewing_states=["ZZY", "ZZZ"],
                            starts_on=dt.date(2021, 1, 1), stage=s.COMPLETED,
                            stage_entered_at=NOW, created_at=NOW, updated_at=NOW))
        parties.append(dict(code=code, instruments=["convention"], updated_at=NOW,
                            regional_group=REGIONAL_GROUPS[rid % len(REGIONAL_GROUPS)]))
        for version in (1, 2):
            list_id = len(lists) + 1
            lists.append(dict(id=list_id, review_id=rid, version=version, status=ADOPTED,
                              drafted_by="bench", drafter_state="ZZY", drafted_on=NOW.date(),
                              drafted_at=NOW,
                              good_practices_public=rid % 2 == 0, adopted_by="bench",
                              adopted_on=dt.date(2023, version, 1), adopted_at=NOW))
            for article in range(1, ARTICLES + 1):
                for position in range(rng.randint(1, 3)):
                    kind = rng.choice((SUCCESS, CHALLENGE, NEED))
                    items.append(dict(
                        list_id=list_id, instrument="convention", article=str(article),
                        kind=kind, category=rng.choice(CATEGORIES) if kind == NEED else None,
                        position=position, text=f"Finding {rid}-{article}-{position}."))
    with ctx.engine.begin() as conn:
        conn.execute(insert(ReviewRow.__table__), reviews)
        conn.execute(insert(PartyInstrumentsRow.__table__), parties)
        conn.execute(insert(ObservationListRow.__table__), lists)
        conn.execute(insert(ObservationItemRow.__table__), items)
    return len(items)


def report(ctx) -> dict:
    figures = trend_report(ctx, AS_OF)
    as_text(trends_document(figures, AS_OF, None, None))
    as_csv(figures)
    return figures


def best(fn) -> tuple[float, object]:
    times, result = [], None
    for _ in range(RUNS):
        began = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - began)
    return min(times), result


def baseline(ctx) -> list:
    with ctx.engine.connect() as conn:
        return conn.execute(BASELINE, {"as_of": AS_OF}).all()


def check(figures: dict, rows: list) -> None:
    """Both give the same count of reviews finding challenges under each article."""
    by_sql: dict = {}
    for instrument, article, _group, kind, _category, n in rows:
        if kind == CHALLENGE:
            by_sql.setdefault((instrument, article), set()).add(n)
    for article in figures["articles"]:
        per_group = article["by_regional_group"]
        key = (article["instrument"], article["article"])
        assert {f["challenges"] for f in per_group.values()} <= by_sql[key] | {None}, key


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    backend = parser.parse_args().backend
    with tempfile.TemporaryDirectory(prefix="revmod-bench-trends-") as tmp, \
            database(backend, Path(tmp)) as url:
        ctx = bootstrap(Settings(service="reviews", database_url=url))
        try:
            upgrade(REVIEWS_MIGRATIONS, ctx.engine)
            items = populate(ctx)
            seconds, figures = best(lambda: report(ctx))
            base, rows = best(lambda: baseline(ctx))
            check(figures, rows)
        finally:
            ctx.engine.dispose()
    name = f"report_{REVIEWS}_lists" + ("_postgres" if backend == "postgres" else "")
    print(f"BENCH trends items_in_{REVIEWS}_lists {items} rows")
    print(f"BENCH trends {name} {seconds:.4f} s target <= 0.5")
    print(f"BENCH trends {name}_baseline {base:.4f} s")
    print(f"BENCH trends {name}_ratio {seconds / base:.1f} x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
