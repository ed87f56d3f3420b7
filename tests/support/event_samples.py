"""A valid payload of every event contract: the contract tests round-trip them, and the
adversarial bus test spoils them."""

from __future__ import annotations

import datetime as dt

PARTY = {"code": "AUT", "name": "Austria", "regional_group": "western_european_others",
         "legal_system": "civil_law", "instruments": ["convention", "trafficking"]}
OUTCOME = {"message_id": 1, "recipient": "pm-aut@missions.example.org",
           "kind": "nomination_missing", "cause_event_id": "x", "detail": None}

SAMPLES = {
    "StatePartyRegistered": PARTY,
    "StatePartyUpdated": PARTY,
    "LotsDrawn": {"draw_id": 1, "group_id": 1, "group_number": 1,
                  "starts_on": dt.date(2020, 12, 1), "phase": 1, "cluster": 1,
                  "reviews": [{"state_under_review": "AUT", "reviewing_states": ["DEU", "BRA"]}],
                  "meeting": "IRG-2020-10", "drawn_on": dt.date(2020, 10, 12)},
    "ReviewScheduled": {"review_id": 3, "draw_id": 1, "group_number": 1,
                        "state_under_review": "AUT", "reviewing_states": ["DEU", "BRA"],
                        "starts_on": dt.date(2020, 12, 1), "phase": 1, "cluster": 1,
                        "stage": "waiting_for_nominations"},
    "MissionContactChanged": {"state_code": "AUT", "emails": ["pm-aut@missions.example.org"],
                              "language": "en"},
    "FocalPointNominated": {"nomination_id": 1, "state_code": "AUT", "review_id": 3,
                            "name": "A. Person", "email": "a@gov.example.org",
                            "nominated_on": dt.date(2020, 12, 10)},
    "NominationMissing": {"state_code": "AUT", "role": "focal_point", "review_id": 3,
                          "capacity": "under_review", "state_under_review": "AUT",
                          "due_on": dt.date(2020, 12, 15), "as_of": dt.date(2021, 1, 15),
                          "days_overdue": 31, "reminder": 1},
    "DrawCommitted": {"group_id": 1, "group_number": 1, "commitment": "ab" * 32},
    "DrawRepeated": {"draw_id": 1, "group_number": 1, "phase": 1, "state_under_review": "AUT",
                     "replaced": "DEU", "replacement": "CHE", "reviewing_states": ["CHE", "BRA"],
                     "requested_by": "AUT", "reason": None, "exceptional": False,
                     "repetition": 1, "meeting": "IRG-2021-05",
                     "repeated_on": dt.date(2021, 5, 3)},
    "ReviewStageChanged": {"review_id": 3, "group_number": 1, "state_under_review": "AUT",
                           "reviewing_states": ["DEU", "BRA"],
                           "from_stage": "waiting_for_nominations",
                           "to_stage": "preliminary_consultation", "changed_by": "system",
                           "reason": None, "deadline": dt.date(2021, 1, 12)},
    "ReviewDeadlineMissed": {"review_id": 3, "group_number": 1, "state_under_review": "AUT",
                             "stage": "self_assessment", "deadline": dt.date(2021, 6, 1),
                             "as_of": dt.date(2021, 6, 2), "days_overdue": 1,
                             "responsible": ["AUT"]},
    "ReviewCompleted": {"review_id": 3, "group_number": 1, "phase": 1,
                        "state_under_review": "AUT", "completed_on": dt.date(2022, 12, 1)},
    "ExpertNominated": {"nomination_id": 2, "state_code": "AUT", "review_id": 3,
                        "name": "B. Person", "email": "b@gov.example.org",
                        "nominated_on": dt.date(2020, 12, 20)},
    "ObserverNominated": {"nomination_id": 3, "state_code": "AUT", "review_id": 3,
                          "name": "C. Person", "email": "c@gov.example.org",
                          "nominated_on": dt.date(2020, 12, 20)},
    "NominationWithdrawn": {"nomination_id": 1, "state_code": "AUT", "review_id": 3,
                            "role": "focal_point", "withdrawn_on": dt.date(2021, 2, 1),
                            "replaced_by": 4, "reason": "reassigned"},
    "PhaseOverrideRecorded": {"group_number": 1, "phase": 1, "decided_on": dt.date(2022, 10, 14),
                              "decided_by": "Conference of the Parties",
                              "reason": "resolution 11/1"},
    "NotificationSent": OUTCOME,
    "NotificationFailed": OUTCOME,
}
