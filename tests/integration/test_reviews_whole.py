"""A whole country review through the reviews API on PostgreSQL (issue 19, "Done when"):
from the answers of a State party to two Protocols to its adopted list of observations.
The review moves on to the summary only once the list adopted covers every article it
reviews, on the day of that adoption; each fact is announced for the letters."""

from __future__ import annotations

import datetime as dt

from services.reviews.domain import stages as s
from tests.integration.test_reviews_questionnaire import AUT, DEU, party
from tests.unit.reviews.integration_support import (
    SECRETARIAT,
    START,
    at,
    call,
    deliver,
    ids_by_state,
    lots_drawn,
    make_app,
    nominate_all,
    observe,
    published,
    question_ids,
    refused,
    review,
    review_articles,
    walk,
)

ANSWERED, FEEDBACK, ADOPTED = dt.date(2021, 3, 1), dt.date(2021, 5, 3), dt.date(2021, 7, 1)


def test_a_review_runs_from_answers_to_adopted_observations_and_on_to_the_summary(
        postgres_url):
    app = make_app(postgres_url)
    deliver(app, party("AUT", trafficking=dt.date(2005, 11, 15),
                       smuggling=dt.date(2007, 11, 30)))
    deliver(app, lots_drawn([("AUT", ["DEU", "BRA"])]))
    aut = ids_by_state(app)["AUT"]
    nominate_all(app, aut, START)
    walk(app, aut, s.SELF_ASSESSMENT, dt.date(2021, 1, 10))
    base = f"/reviews/{aut}/questionnaire"

    at(app, ANSWERED)
    for question in question_ids(app, aut):
        call(app, "put", f"{base}/answers/{question}", **AUT, answer="Yes; see the code.",
             legislation=[{"title": "Penal Code", "provision": "art. 278"}])
    call(app, "post", f"{base}/submit", **AUT)
    at(app, FEEDBACK)
    [item] = call(app, "post", f"{base}/answers/c1-tip-5-a/feedback", 201, **DEU,
                  kind="clarification_request", text="Is consent ever relevant?")
    call(app, "post", f"{base}/feedback/{item['id']}/replies", 201, **AUT,
         text="No: consent is irrelevant once a means is used.")
    walk(app, aut, s.LIST_OF_OBSERVATIONS, FEEDBACK)  # both reviewers' written feedback

    at(app, ADOPTED)
    articles = review_articles(app, aut)
    assert {instrument for instrument, _ in articles} == {"convention", "trafficking",
                                                          "smuggling"}
    observe(app, aut, articles[:-1])  # adopted, but one article left without observation
    assert review(app, aut)["stage"] == s.LIST_OF_OBSERVATIONS
    problem = refused(app, "post", f"/reviews/{aut}/observations/adopt", 409,
                      "observation_lists", **SECRETARIAT)
    assert " ".join(articles[-1]) in problem["errors"]["observation_lists"][0]
    versions = observe(app, aut, articles)
    assert [v["status"] for v in versions] == ["adopted", "adopted"]
    moved = review(app, aut)
    assert moved["stage"] == s.SUMMARY
    last = moved["stage_history"][-1]
    assert (last["from_stage"], last["changed_on"], last["reason"]) == (
        s.LIST_OF_OBSERVATIONS, ADOPTED.isoformat(), "list of observations per article adopted")
    told = [(e["type"], e["payload"].get("to_stage")) for e in published(
        app, "QuestionnaireSubmitted", "FeedbackGiven", "ObservationsAdopted",
        "ReviewStageChanged")]
    assert told[told.index(("QuestionnaireSubmitted", None)):] == [
        ("QuestionnaireSubmitted", None), ("ReviewStageChanged", s.WRITTEN_FEEDBACK),
        ("FeedbackGiven", None), ("ReviewStageChanged", s.LIST_OF_OBSERVATIONS),
        ("ObservationsAdopted", None), ("ObservationsAdopted", None),
        ("ReviewStageChanged", s.SUMMARY)]
    app.extensions["revmod"].engine.dispose()
