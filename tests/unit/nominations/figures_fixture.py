"""A small register, counted by hand, for the nomination figures (unit and integration
tests share it). Two groups; in group 1 a repetition of the draw replaces France by Italy
as a reviewer of Kenya on 1 March 2021; Brazil replaces its focal point on 1 June 2021;
Kenya withdraws an expert on 1 February 2021.

    group 1 (starts 2020-12-01)        group 2 (starts 2021-11-01)
    review 1: KEN <- GHA, FRA -> ITA   review 11: GHA <- NGA, ITA
    review 2: BRA <- KEN, DEU          review 12: JPN <- KEN, BRA
    review 3: FRA <- SEN, CHL
"""

from __future__ import annotations

import datetime as dt

D = dt.date
GROUP_STARTS = {1: D(2020, 12, 1), 2: D(2021, 11, 1)}
#: review_id, group, State under review, reviewing States (as first drawn)
REVIEWS = [(1, 1, "KEN", ["GHA", "FRA"]), (2, 1, "BRA", ["KEN", "DEU"]),
           (3, 1, "FRA", ["SEN", "CHL"]), (11, 2, "GHA", ["NGA", "ITA"]),
           (12, 2, "JPN", ["KEN", "BRA"])]
#: review_id, replaced, replacement, day of the repetition
REPETITION = (1, "FRA", "ITA", D(2021, 3, 1))
#: person -> State, gender (P8 is both focal point and expert: one person in the share)
PERSONS = {"P1": ("KEN", "female"), "P2": ("GHA", "male"), "P3": ("GHA", "female"),
           "P4": ("FRA", "female"), "P5": ("ITA", "male"), "P6": ("BRA", "male"),
           "P7": ("BRA", "female"), "P8": ("SEN", "undisclosed"), "E1": ("KEN", "female"),
           "E2": ("KEN", "male"), "E3": ("GHA", "female"), "E4": ("FRA", "male"),
           "O1": ("DEU", "female"), "O2": ("NGA", "male"), "O3": ("NGA", "female")}
#: person, role, review, nominated on, withdrawn on
NOMINATIONS = [
    ("P1", "focal_point", 1, D(2020, 12, 5), None),
    ("P1", "focal_point", 2, D(2020, 12, 5), None),
    ("P1", "focal_point", 12, D(2021, 11, 5), None),
    ("P2", "focal_point", 1, D(2020, 12, 10), None),
    ("P3", "focal_point", 11, D(2021, 11, 10), None),
    ("P4", "focal_point", 1, D(2020, 12, 20), D(2021, 3, 1)),  # ends with the repetition
    ("P4", "focal_point", 3, D(2020, 12, 20), None),
    ("P5", "focal_point", 1, D(2021, 3, 10), None),
    ("P5", "focal_point", 11, D(2021, 11, 15), None),
    ("P6", "focal_point", 2, D(2021, 1, 5), D(2021, 6, 1)),  # replaced by P7
    ("P7", "focal_point", 2, D(2021, 6, 1), None),
    ("P8", "focal_point", 3, D(2020, 12, 15), None),
    ("E1", "expert", 1, D(2020, 12, 20), None),
    ("E1", "expert", 2, D(2020, 12, 20), None),
    ("E2", "expert", 2, D(2020, 12, 20), D(2021, 2, 1)),  # withdrawn
    ("E3", "expert", 1, D(2021, 1, 10), None),
    ("E3", "expert", 11, D(2021, 11, 20), None),
    ("E4", "expert", 3, D(2021, 1, 10), None),
    ("P8", "expert", 3, D(2021, 1, 5), None),
    ("O1", "observer", 2, D(2021, 1, 15), None),
    ("O2", "observer", 11, D(2021, 11, 20), None),
    ("O3", "observer", 11, D(2021, 11, 20), None),
]
REPLACED_BY = {"P6": "P7"}


def _group(number, fp, experts, observers, swo, women, with_fp, states_missing,
           reviews_missing):
    return {"group_number": number, "focal_points": fp, "experts": experts,
            "observers": observers, "states_with_observers": swo, "women_share": women,
            "states_with_focal_point": with_fp,
            "states_missing_focal_point": dict(zip(("under_review", "reviewing"),
                                                   states_missing, strict=True)),
            "reviews_missing_focal_point": dict(zip(("under_review", "reviewing"),
                                                    reviews_missing, strict=True))}


def _totals(fp, experts, observers, swo, women, several):
    return {"focal_points": fp, "experts": experts, "observers": observers,
            "states_with_observers": swo, "women_share": women,
            "states_in_several_groups": several}


NOBODY = _group(2, 0, 0, 0, 0, None, 0, (0, 0), (0, 0))
#: as of -> the figures, counted by hand
EXPECTED = {
    # E2 withdrawn; no repetition yet; group 2 not started: DEU and CHL lack a focal point;
    # women: P1 P4 E1 E3 of P1 P2 P4 P6 P8 E1 E3 E4
    "2021-02-15": {"groups": [_group(1, 5, 4, 1, 1, 0.5, 5, (0, 2), (0, 2)), NOBODY],
                   "totals": _totals(5, 4, 1, 1, 0.5, 0)},
    # the day of the repetition: FRA gone from review 1 (P4 still serves in review 3),
    # ITA in, without a focal point yet
    "2021-03-01": {"groups": [_group(1, 5, 4, 1, 1, 0.5, 5, (0, 3), (0, 3)), NOBODY],
                   "totals": _totals(5, 4, 1, 1, 0.5, 0)},
    # group 1: P1 P2 P4 P5 P7 P8; experts E1 E3 E4 P8; women 5 of 9 (P8 once);
    # group 2: P1 P3 P5, E3, observers O2 O3 of NGA; JPN (under review) missing in 12,
    # NGA in 11 and BRA in 12 (reviewing); KEN, GHA and ITA serve in both groups
    "2021-12-31": {"groups": [_group(1, 6, 4, 1, 1, 0.5556, 6, (0, 2), (0, 2)),
                              _group(2, 3, 1, 2, 1, 0.75, 3, (1, 2), (1, 1))],
                   "totals": _totals(7, 4, 3, 2, 0.6, 3)},
}
