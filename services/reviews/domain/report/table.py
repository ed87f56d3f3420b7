"""The status report's figures as a CSV table: one row per group and phase, then one for
all groups, the same numbers as the JSON and the page's tables (the secretariat opens it
in a spreadsheet). States are never rows: the report ranks no State."""

from __future__ import annotations

import csv
import io

from services.reviews.domain import stages as s

COLUMNS = ("group_number", "phase", "cluster", "starts_on", "ends_on", "reviews",
           "advancing", *s.STAGES, "not_started_under_review", "not_started_reviewing",
           "states_taking_part", "states_without_focal_point", "states_with_focal_point",
           "states_nominated_for_earlier_group", "consultations_held",
           "consultations_without_agreement", "facilitated_meetings", "one_language",
           "two_languages", "three_languages", "completed", "completed_per_cent",
           "may_advance", "open_on_end")


def as_csv(figures: dict) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for group in figures["groups"]:
        done, end = group["completion"], group["end"]
        writer.writerow({**_row(group), "group_number": group["group_number"],
                         "phase": group["phase"], "cluster": group["cluster"],
                         "starts_on": group["starts_on"], "ends_on": end["ends_on"],
                         "completed": done["completed"],
                         "completed_per_cent": done["percentage"],
                         "may_advance": "yes" if done["may_advance"] else "no",
                         "open_on_end": end["open"]})
    writer.writerow({**_row(figures["totals"]), "group_number": "all"})
    return out.getvalue()


def _row(section: dict) -> dict:
    focal, held = section["focal_points"], section["consultations"]
    languages = section["languages"]
    return {"reviews": section["reviews"], "advancing": section["advancing"],
            **section["stages"],
            "not_started_under_review": section["not_started"]["under_review"],
            "not_started_reviewing": section["not_started"]["reviewing"],
            "states_taking_part": section["states_taking_part"],
            "states_without_focal_point": focal["states_without_focal_point"],
            "states_with_focal_point": focal["states_with_focal_point"],
            "states_nominated_for_earlier_group": focal["states_nominated_for_earlier_group"],
            "consultations_held": held["reviews"],
            "consultations_without_agreement": held["without_agreement"],
            "facilitated_meetings": held["facilitated_meetings"],
            "one_language": languages["one"]["reviews"],
            "two_languages": languages["two"]["reviews"],
            "three_languages": languages["three"]["reviews"]}
