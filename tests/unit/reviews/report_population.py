"""A population of reviews for the report's integration test, built through the events
and the API in date order, so that the stage history holds the real dates.

Group one (8 reviews, from 1 December 2020) and group two (4 reviews, from 1 November
2021, drawn on 1 October 2021). The comments give each review's stage on both dates.
"""

from __future__ import annotations

import datetime as dt

from tests.unit.reviews.integration_support import (
    SECRETARIAT,
    answer_all,
    at,
    call,
    consult,
    deliver,
    feedback_all,
    focal_point,
    ids_by_state,
    lots_drawn,
    observe,
    review_articles,
    summarise_and_complete,
)

D1, D2 = dt.date(2021, 3, 31), dt.date(2022, 9, 15)
GROUP_ONE = [("FRA", ["DEU", "KEN"]),  # R1: self-assessment | completed
             ("KEN", ["NGA", "FRA"]),  # R2: self-assessment | written feedback
             ("BRA", ["ARG", "JPN"]),  # R3: consultation | self-assessment
             ("ARG", ["CHL", "ESP"]),  # R4: written feedback | sent back: self-assessment
             ("JPN", ["KOR", "MEX"]),  # R5: waiting for JPN | waiting for JPN
             ("DEU", ["AUT", "BRA"]),  # R6: waiting for BRA | waiting for BRA
             ("NGA", ["GHA", "ITA"]),  # R7: waiting for GHA, ITA | self-assessment
             ("EGY", ["MAR", "SEN"])]  # R8: waiting for all | consultation
GROUP_TWO = [("ITA", ["FRA", "PER"]),  # S1: sent back once | self-assessment
             ("GHA", ["TUN", "CAN"]),  # S2: waiting for CAN
             ("CHL", ["URY", "IND"]),  # S3: waiting for CHL
             ("MEX", ["COL", "PHL"])]  # S4: consultation


def build_population(app) -> None:
    for day, step in sorted(_timeline(app), key=lambda pair: pair[0]):
        at(app, day)
        step()


def _nominate(app, sur: str, *states: str, group: int = 1):
    def step():
        review_id = ids_by_state(app, group)[sur]
        for state in states:
            deliver(app, focal_point(review_id, state, app.extensions["revmod"].clock.today()))
    return step


def _on(app, sur: str, group: int, action):
    return lambda: action(ids_by_state(app, group)[sur])


def _timeline(app) -> list:
    def day(y, m, d):
        return dt.date(y, m, d)

    def consulted(languages, facilitated=True):
        return lambda rid: consult(app, rid, app.extensions["revmod"].clock.today(),
                                   languages, facilitated)

    def answered(state):
        return lambda rid: answer_all(app, rid, state)

    def sent_back(reason):
        return lambda rid: call(app, "post", f"/reviews/{rid}/send-back", **SECRETARIAT,
                                reason=reason)

    def observed(rid):
        observe(app, rid, review_articles(app, rid))

    return [
        (day(2020, 11, 20), lambda: deliver(app, lots_drawn(GROUP_ONE))),
        (day(2020, 12, 10), _nominate(app, "FRA", "FRA", "DEU", "KEN")),
        (day(2020, 12, 10), _nominate(app, "KEN", "KEN", "NGA", "FRA")),
        (day(2020, 12, 10), _nominate(app, "JPN", "KOR", "MEX")),
        (day(2020, 12, 10), _nominate(app, "DEU", "DEU", "AUT")),
        (day(2020, 12, 20), _nominate(app, "NGA", "NGA")),
        (day(2021, 1, 5), _nominate(app, "ARG", "ARG", "CHL", "ESP")),
        (day(2021, 1, 10), _on(app, "FRA", 1, consulted(["en"]))),
        (day(2021, 1, 20), _on(app, "ARG", 1, consulted(["en", "ar"]))),
        (day(2021, 2, 1), _on(app, "KEN", 1, consulted(["en", "fr"]))),
        (day(2021, 2, 15), _nominate(app, "BRA", "BRA", "ARG", "JPN")),
        (day(2021, 3, 1), _on(app, "ARG", 1, answered("ARG"))),
        (day(2021, 4, 20), _on(app, "BRA", 1, consulted(["es"]))),
        (day(2021, 5, 1), _on(app, "ARG", 1, sent_back("answers to article 23 missing"))),
        (day(2021, 6, 1), _on(app, "FRA", 1, answered("FRA"))),
        (day(2021, 9, 1), _nominate(app, "NGA", "GHA", "ITA")),
        (day(2021, 10, 1), _on(app, "FRA", 1, lambda rid: feedback_all(app, rid))),
        (day(2021, 10, 1), _on(app, "NGA", 1, consulted(["en"], facilitated=False))),
        (day(2021, 10, 1), lambda: deliver(app, lots_drawn(
            GROUP_TWO, draw_id=2, group_number=2, starts_on=day(2021, 11, 1)))),
        (day(2021, 11, 5), _nominate(app, "GHA", "GHA", "TUN", group=2)),
        (day(2021, 11, 5), _nominate(app, "CHL", "URY", "IND", group=2)),
        (day(2021, 11, 10), _nominate(app, "ITA", "ITA", "FRA", "PER", group=2)),
        (day(2021, 12, 1), _on(app, "ITA", 2, consulted(["fr"]))),
        (day(2022, 1, 10), _on(app, "ITA", 2, sent_back("the reviewing States asked to "
                                                        "meet again on the languages"))),
        (day(2022, 1, 10), _nominate(app, "EGY", "EGY", "MAR", "SEN")),
        (day(2022, 1, 15), _on(app, "KEN", 1, answered("KEN"))),
        (day(2022, 2, 1), _on(app, "ITA", 2, consulted(["en"]))),
        (day(2022, 2, 1), _nominate(app, "MEX", "MEX", "COL", "PHL", group=2)),
        (day(2022, 3, 1), _on(app, "FRA", 1, observed)),
        (day(2022, 6, 1), _on(app, "FRA", 1, lambda rid: summarise_and_complete(app, rid))),
        (D2, lambda: None),
    ]
