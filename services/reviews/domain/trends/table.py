"""The general report of trends as a table (CSV): one line per article, population (all
reviews or one regional group) and figure; a hidden count is left empty."""

from __future__ import annotations

from shared.web.csv_export import csv_text

HEADER = ("instrument", "article", "regional_group", "figure", "reviews")


def trend_rows(figures: dict) -> list[tuple]:
    rows = []
    for article in figures["articles"]:
        populations = [("all", article), *article["by_regional_group"].items()]
        for group, f in populations:
            key = (article["instrument"], article["article"], group)
            rows += [(*key, "reviews", f["reviews"]), (*key, "challenges", f["challenges"]),
                     (*key, "good_practices", f["good_practices"])]
            rows += [(*key, f"need:{code}", n) for code, n in f["needs"].items()]
    return rows


def as_csv(figures: dict) -> str:
    """Cells made inert for spreadsheets (shared/web/csv_export.py); None is empty."""
    return csv_text(HEADER, trend_rows(figures))
