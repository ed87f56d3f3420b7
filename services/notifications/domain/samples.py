"""A sample of every kind of letter: what the preview endpoint renders, and what the rendering
tests check in every language. Each is shaped exactly like the context the handlers build."""

from __future__ import annotations

import datetime as dt

AS_OF = dt.date(2021, 1, 4)

#: English names as StatePartyRegistered carries them
SAMPLE_NAMES = {
    "AUT": "Austria", "FRA": "France", "KEN": "Kenya", "KOR": "Republic of Korea",
    "BOL": "Bolivia (Plurinational State of)", "NLD": "Netherlands (Kingdom of the)",
    "EGY": "Egypt", "MEX": "Mexico",
}

_REVIEW = {"review_id": 12, "state_under_review": "FRA", "capacity": "reviewing"}

SAMPLES: dict[str, dict] = {
    "nomination_missing": {
        "state_code": "AUT", "role": "focal_point", **_REVIEW, "due_on": dt.date(2020, 12, 15),
        "as_of": AS_OF, "days_overdue": 20, "reminder": 2,
    },
    "nomination_due": {
        "state_code": "AUT", "role": "focal_point", **_REVIEW, "due_on": dt.date(2021, 1, 11),
        "as_of": AS_OF, "days_left": 7,
    },
    "lots_drawn": {
        "state_code": "AUT", "group_number": 1, "phase": 1, "cluster": 1,
        "starts_on": dt.date(2020, 12, 1), "focal_point_due_on": dt.date(2020, 12, 15),
        "reviewed_by": ["KEN", "KOR"], "reviewer_of": ["FRA", "BOL"], "as_of": AS_OF,
    },
    "draw_repeated": {
        "state_code": "NLD", "position": "replacement", "state_under_review": "FRA",
        "replaced": "KOR", "replacement": "NLD", "reviewing_states": ["AUT", "NLD"],
        "repetition": 1, "exceptional": False, "group_number": 1,
        "focal_point_due_on": dt.date(2021, 1, 18), "as_of": AS_OF,
    },
    "stage_changed": {
        "state_code": "AUT", **_REVIEW, "from_stage": "waiting_for_nominations",
        "to_stage": "preliminary_consultation", "deadline": dt.date(2021, 1, 12), "as_of": AS_OF,
    },
    "stage_deadline": {
        "state_code": "AUT", **_REVIEW, "stage": "written_feedback",
        "deadline": dt.date(2020, 12, 21), "as_of": AS_OF, "days": 14, "reminder": 1,
    },
    "account_link": {
        "state_code": "AUT", "name": "A. Person", "purpose": "invitation",
        "link": "https://revmod.example.org/welcome?token=Xy3kQ9pLm2",
        "expires_on": dt.date(2021, 1, 7), "expires_time": "09:30", "as_of": AS_OF,
    },
    "survey": {
        "state_code": "AUT", "survey_id": 3, "title": "REVMOD technical assistance survey",
        "deadline": dt.date(2021, 2, 26), "reminder": False, "days_left": 53, "as_of": AS_OF,
    },
    "review_content": {
        "state_code": "AUT", **_REVIEW, "fact": "feedback_given", "day": dt.date(2021, 1, 3),
        "answers": 11, "reviewing_state": "KEN", "feedback_kind": "comment",
        "question_id": "c1-conv-5-a", "version": 2, "articles": 11, "as_of": AS_OF,
    },
    "digest": {
        "state_code": "AUT", "as_of": AS_OF, "entries": [
            {"topic": "focal_point", "stage": None, **_REVIEW, "deadline": dt.date(2021, 1, 11),
             "days": -7, "reminder": 0},
            {"topic": "expert", "stage": None, "review_id": 14, "state_under_review": "AUT",
             "capacity": "under_review", "deadline": dt.date(2020, 12, 21), "days": 14,
             "reminder": 1},
            {"topic": "stage", "stage": "self_assessment", "review_id": 14,
             "state_under_review": "AUT", "capacity": "under_review",
             "deadline": AS_OF, "days": 0, "reminder": 0},
        ],
    },
}


def sample(kind: str) -> dict:
    """A fresh copy of the sample context of `kind` (KeyError if there is no such kind)."""
    return {k: (list(v) if isinstance(v, list) else v) for k, v in SAMPLES[kind].items()}
