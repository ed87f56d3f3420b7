"""The work of a review in the portal over a canned reviews service (work_fakes.py): the
questionnaire one question per page, feedback and replies, the list of observations per
article, the tasks on the home page; every write sent as the person, a refusal shown beside
its field with what was typed, and no form offered to whom the service would refuse."""

from __future__ import annotations

import html
import re

import pytest

from services.portal.adapters.peers import Refusal
from services.portal.app import create_app
from services.portal.settings import Settings
from shared.auth.jwt import issue
from shared.clock import FixedClock
from tests.unit.portal.test_pages import NOW, SIGNER
from tests.unit.portal.work_fakes import QUESTIONS, WorkPeers, answered

Q1, Q2, Q3 = (q["question_id"] for q in QUESTIONS)


def portal(fake: WorkPeers):
    def factory(token):
        fake.token = token
        return fake
    app = create_app(Settings(secret_key="s" * 32, accepts_pasted_tokens=True),
                     FixedClock(NOW), factory)
    return app.test_client()


def signed_in(fake: WorkPeers, role: str, state: str | None = None):
    client = portal(fake)
    token = issue(SIGNER, subject=f"{role}@{state or 'unodc'}", role=role, state=state,
                  now=NOW)
    client.post("/signin", data={"csrf": csrf(client, "/signin"), "token": token})
    return client


def csrf(client, path: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', client.get(path).get_data(as_text=True)
                     ).group(1)


def form_of(client, path: str, action: str) -> dict:
    """The hidden fields of the form posting to `action` on the page at `path`."""
    page = client.get(path).get_data(as_text=True)
    start = page.index(f'action="{action}"')
    hidden = dict(re.findall(r'name="(csrf|once|version)" value="([^"]+)"', page[start:])[:3])
    return hidden


def forms_on(page: str) -> list[str]:
    return [a for a in re.findall(r'<form method="post" action="([^"]+)"', page)
            if a not in ("/signout", "/language")]


def test_each_answer_is_saved_as_a_draft_when_the_person_moves_on_to_the_next_question():
    fake = WorkPeers(None)
    client = signed_in(fake, "focal_point", "AUT")
    path = f"/reviews/1/questionnaire/{Q1}"
    page = client.get(path).get_data(as_text=True)
    assert "Question 1 of 3" in page and "Not saved yet." in page
    answer = client.post(path, data={
        **form_of(client, path, path), "answer": "Art. 278 covers both.\r\nSee below.",
        "legislation-0-title": "Penal Code", "legislation-0-provision": "art. 278",
        "legislation-1-title": "", "cases-0-reference": "", "then": "next"})
    assert answer.status_code == 303
    assert answer.headers["Location"] == f"/reviews/1/questionnaire/{Q2}"
    assert fake.sent == [("reviews", "PUT", f"/reviews/1/questionnaire/answers/{Q1}", {
        "answer": "Art. 278 covers both.\nSee below.",
        "legislation": [{"title": "Penal Code", "provision": "art. 278", "link": None}],
        "cases": []})]
    assert fake.token.count(".") == 2  # the person's own token


def test_moving_on_from_a_question_left_empty_saves_nothing_and_the_last_leads_to_the_list():
    fake = WorkPeers(None)
    client = signed_in(fake, "focal_point", "AUT")
    path = f"/reviews/1/questionnaire/{Q3}"
    answer = client.post(path, data={**form_of(client, path, path), "answer": " ",
                                     "then": "next"})
    assert answer.headers["Location"] == "/reviews/1/questionnaire"
    assert fake.sent == []


def test_moving_on_from_an_answer_unchanged_makes_no_new_version():
    fake = WorkPeers(None, questions=[answered(QUESTIONS[0], "Our law does."), *QUESTIONS[1:]])
    client = signed_in(fake, "focal_point", "AUT")
    path = f"/reviews/1/questionnaire/{Q1}"
    same = {"answer": "Our law does.", "legislation-0-title": "Penal Code",
            "legislation-0-provision": "art. 278", "legislation-1-title": ""}
    answer = client.post(path, data={**form_of(client, path, path), **same, "then": "next"})
    assert answer.headers["Location"] == f"/reviews/1/questionnaire/{Q2}"
    assert fake.sent == []
    client.post(path, data={**form_of(client, path, path), **same, "then": "stay"})
    assert len(fake.sent) == 1  # "Save" saves, as asked


def test_a_saved_answer_says_when_it_was_saved_and_shows_its_citations_to_change():
    fake = WorkPeers(None, questions=[answered(QUESTIONS[0], "Our law does."), *QUESTIONS[1:]])
    client = signed_in(fake, "expert", "AUT")
    page = client.get(f"/reviews/1/questionnaire/{Q1}").get_data(as_text=True)
    assert ('Last saved at <time datetime="2021-02-27T10:15:00+00:00">27 Feb 2021, 10:15</time>'
            " UTC.") in page
    assert 'name="legislation-0-title" value="Penal Code"' in page
    assert 'name="legislation-1-title" value=""' in page  # one more row to fill in
    listed = client.get("/reviews/1/questionnaire").get_data(as_text=True)
    assert f'data-question="{Q1}" data-status="draft"' in listed
    assert "2 questions of 3 are not answered yet." in listed


def test_a_refused_answer_shows_the_services_reason_beside_the_field_and_keeps_the_text():
    path = f"/reviews/1/questionnaire/answers/{Q1}"
    fake = WorkPeers(None, refuse={path: Refusal(422, "The request has invalid fields.", {
        "answer": ["Longer than maximum length 50000."],
        "legislation.0.link": ["Not a valid URL."]})})
    client = signed_in(fake, "focal_point", "AUT")
    page_path = f"/reviews/1/questionnaire/{Q1}"
    typed = "A long answer <with> everything we wrote"
    answer = client.post(page_path, data={
        **form_of(client, page_path, page_path), "answer": typed,
        "legislation-0-title": "Penal Code", "legislation-0-provision": "art. 1",
        "legislation-0-link": "not a link", "then": "next"})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert html.escape(typed) in page and 'value="not a link"' in page
    assert '<p class="field-error" id="answer-error">Longer than maximum length 50000.' in page
    assert 'aria-describedby="legislation.0.link-error"' in page
    assert "Not a valid URL." in page


def test_submission_refused_by_the_service_says_which_questions_are_not_answered():
    fake = WorkPeers(None, refuse={"/reviews/1/questionnaire/submit": Refusal(
        422, "2 questions are not answered yet: c1-conv-6-a, c1-conv-7-a",
        {"answers": ["2 questions are not answered yet"]})})
    client = signed_in(fake, "focal_point", "AUT")
    action = "/reviews/1/questionnaire/submit"
    answer = client.post(action, data=form_of(client, "/reviews/1/questionnaire", action))
    assert answer.status_code == 422
    assert "2 questions are not answered yet: c1-conv-6-a" in answer.get_data(as_text=True)


def test_a_reviewing_state_gives_feedback_per_question_and_its_written_feedback():
    fake = WorkPeers(None, stage="written_feedback",
                     questions=[answered(q, "Yes.", "submitted") for q in QUESTIONS])
    client = signed_in(fake, "focal_point", "FRA")
    path = f"/reviews/1/questionnaire/{Q2}"
    page = client.get(path).get_data(as_text=True)
    assert forms_on(page) == [f"{path}/feedback"]  # no answer form for a reviewing State
    client.post(f"{path}/feedback", data={**form_of(client, path, f"{path}/feedback"),
                                          "kind": "clarification_request",
                                          "text": "Which court?"})
    action = "/reviews/1/written-feedback"
    client.post(action, data={**form_of(client, "/reviews/1/questionnaire", action),
                              "text": "Thorough answers."})
    assert fake.sent == [
        ("reviews", "POST", f"/reviews/1/questionnaire/answers/{Q2}/feedback",
         {"kind": "clarification_request", "text": "Which court?"}),
        ("reviews", "POST", "/reviews/1/feedback",
         {"text": "Thorough answers.", "actor_state": "FRA"})]


def test_the_state_under_review_replies_to_feedback_and_the_reply_is_kept_when_refused():
    item = {"id": 4, "question_id": Q1, "state_code": "KEN", "kind": "comment",
            "text": "Cite the case law.", "given_by": "k", "given_at": "2021-02-28T09:00:00+00:00",
            "replies": []}
    fake = WorkPeers(None, stage="written_feedback", feedback=[item],
                     refuse={"/reviews/1/questionnaire/feedback/4/replies": Refusal(
                         409, "the review is at the stage summary; replies are written at "
                              "written_feedback or list_of_observations",
                         {"stage": ["the review is at the stage summary"]})})
    client = signed_in(fake, "focal_point", "AUT")
    path = f"/reviews/1/questionnaire/{Q1}"
    action = f"{path}/replies/4"
    answer = client.post(action, data={**form_of(client, path, action), "text": "Done: see X."})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 409
    assert "Done: see X." in page and "replies are written at" in page
    assert fake.sent[-1] == ("reviews", "POST", "/reviews/1/questionnaire/feedback/4/replies",
                             {"text": "Done: see X."})


LIST_V2 = {"version": 2, "status": "drafted", "drafted_by": "f", "drafter_state": "FRA",
           "drafted_at": "2021-03-01T08:00:00+00:00", "agreed_on": None, "adopted_on": None,
           "articles": [{"instrument": "convention", "article": "5", "items": [
               {"kind": "success", "category": None, "text": "A specialised court."},
               {"kind": "need", "category": "other", "text": "Training."}]}]}


def test_a_reviewing_state_drafts_one_article_and_the_others_are_sent_as_they_stand():
    fake = WorkPeers(None, stage="list_of_observations", lists=[LIST_V2])
    client = signed_in(fake, "expert", "KEN")
    path = "/reviews/1/observations/convention/6"
    page = client.get(path).get_data(as_text=True)
    assert 'name="needs-1-category"' in page and "Capacity building" in page
    client.post(path, data={**form_of(client, path, path), "successes-0": "Case law.",
                            "challenges-0": "", "needs-0-category": "capacity_building",
                            "needs-0-text": "Judges trained."})
    assert fake.sent == [("reviews", "POST", "/reviews/1/observation-lists", {"articles": [
        {"instrument": "convention", "article": "5", "successes": ["A specialised court."],
         "challenges": [], "needs": [{"category": "other", "text": "Training."}]},
        {"instrument": "convention", "article": "6", "successes": ["Case law."],
         "challenges": [], "needs": [{"category": "capacity_building",
                                      "text": "Judges trained."}]}]})]


def test_a_refused_need_is_shown_beside_its_category_with_what_was_typed():
    fake = WorkPeers(None, stage="list_of_observations", lists=[LIST_V2], refuse={
        "/reviews/1/observation-lists": Refusal(422, "'x' is not a category", {
            "articles[1].needs[0].category": ["'x' is not a category"]})})
    client = signed_in(fake, "focal_point", "FRA")
    path = "/reviews/1/observations/convention/7"
    answer = client.post(path, data={**form_of(client, path, path),
                                     "needs-0-category": "x", "needs-0-text": "Typed need."})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422 and "Typed need." in page
    assert '<p class="field-error" id="needs.0.category-error">' in page


def test_the_state_under_review_agrees_and_the_secretariat_adopts_the_latest_version():
    fake = WorkPeers(None, stage="list_of_observations", lists=[LIST_V2])
    client = signed_in(fake, "focal_point", "AUT")
    action = "/reviews/1/observations/agree"
    client.post(action, data={**form_of(client, "/reviews/1/observations", action),
                              "good_practices_public": "yes"})
    assert fake.sent[-1] == ("reviews", "POST", "/reviews/1/observation-lists/2/agree",
                             {"good_practices_public": True})
    fake.lists = [{**LIST_V2, "status": "agreed", "agreed_on": "2021-03-01"}]
    secretariat = signed_in(fake, "secretariat")
    action = "/reviews/1/observations/adopt"
    secretariat.post(action, data={**form_of(secretariat, "/reviews/1/observations", action),
                                   "on": ""})
    assert fake.sent[-1] == ("reviews", "POST", "/reviews/1/observation-lists/2/adopt",
                             {"actor": "secretariat@unodc"})


@pytest.mark.parametrize("stage", ["self_assessment", "written_feedback",
                                   "list_of_observations"])
def test_an_observer_sees_the_work_and_is_offered_no_form(stage):
    item = {"id": 4, "question_id": Q1, "state_code": "KEN", "kind": "comment", "text": "Why?",
            "given_by": "k", "given_at": "2021-02-28T09:00:00+00:00", "replies": []}
    fake = WorkPeers(None, stage=stage, lists=[LIST_V2], feedback=[item],
                     questions=[answered(q, "Our answer.") for q in QUESTIONS])
    for state in ("AUT", "FRA"):
        client = signed_in(fake, "observer", state)
        for path in ("/", "/reviews/1/questionnaire", f"/reviews/1/questionnaire/{Q1}",
                     "/reviews/1/observations", "/reviews/1/observations/convention/5",
                     "/reviews/1/summary"):
            answer = client.get(path)
            assert answer.status_code == 200, path
            assert forms_on(answer.get_data(as_text=True)) == [], path
        assert "Our answer." in client.get(f"/reviews/1/questionnaire/{Q1}").get_data(
            as_text=True)


def test_an_observers_form_posted_anyway_is_refused_by_the_service_and_the_reason_shown():
    path = f"/reviews/1/questionnaire/answers/{Q1}"
    fake = WorkPeers(None, refuse={path: Refusal(
        403, "the observer role may read but never change anything")})
    client = signed_in(fake, "observer", "AUT")
    page_path = f"/reviews/1/questionnaire/{Q1}"
    answer = client.post(page_path, data={"csrf": csrf(client, page_path), "once": "x1",
                                          "answer": "Mine.", "then": "stay"})
    assert answer.status_code == 403
    assert "may read but never change anything" in answer.get_data(as_text=True)


def test_another_states_review_is_not_found_and_nothing_is_sent():
    fake = WorkPeers(None)
    client = signed_in(fake, "focal_point", "ITA")
    path = f"/reviews/1/questionnaire/{Q1}"
    assert client.get(path).status_code == 404
    assert client.get("/reviews/1/observations").status_code == 404
    token = csrf(client, "/reviews")
    answer = client.post(path, data={"csrf": token, "once": "a", "answer": "x",
                                     "then": "stay"})
    assert answer.status_code == 404
    assert "not yours to see" in answer.get_data(as_text=True)


def test_home_page_lists_the_persons_tasks_with_their_deadlines_and_overdue_in_words():
    fake = WorkPeers(None, questions=[answered(QUESTIONS[0], "x"), *QUESTIONS[1:]])
    fake.review = {**fake.review, "answered": 1}
    page = signed_in(fake, "focal_point", "AUT").get("/").get_data(as_text=True)
    task = re.search(r'<li data-task="answer" data-review="1" class="is-overdue">.*?</li>',
                     page, re.S).group(0)
    assert "Answer 2 more questions of the self-assessment questionnaire" in task
    assert 'Due on <time datetime="2021-02-20">20 February 2021</time>:' in task
    assert "Overdue by 9 days" in task
    reviewing = signed_in(fake, "focal_point", "FRA").get("/").get_data(as_text=True)
    assert "data-task=" not in reviewing and "Nothing is waiting for you." in reviewing


def test_a_form_sent_after_the_session_ended_says_so_and_shows_the_text_to_copy():
    fake = WorkPeers(None)
    client = portal(fake)
    token = csrf(client, "/signin")  # a session, but nobody signed in any more
    answer = client.post(f"/reviews/1/questionnaire/{Q1}", data={
        "csrf": token, "once": "z", "answer": "Two hours of careful writing.", "then": "next"},
        headers={"Referer": f"http://localhost/reviews/1/questionnaire/{Q1}"})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 401
    assert "Your session ended before this form was sent" in page
    assert ">Two hours of careful writing.</textarea>" in page
    assert f'name="next" value="/reviews/1/questionnaire/{Q1}"' in page
    assert fake.sent == []
    # signing out once signed out already just leads to the sign-in page
    assert client.post("/signout", data={"csrf": token}).headers["Location"] == "/signin"


def test_a_text_larger_than_the_portal_reads_gets_a_page_in_words():
    fake = WorkPeers(None)
    client = signed_in(fake, "focal_point", "AUT")
    path = f"/reviews/1/questionnaire/{Q1}"
    answer = client.post(path, data={**form_of(client, path, path),
                                     "answer": "ب" * 200_000, "then": "stay"})
    assert answer.status_code == 413
    assert "larger than the portal accepts" in answer.get_data(as_text=True)
    assert fake.sent == []
    # 50,001 Arabic characters are read and sent on: the service's limit decides
    assert client.post(path, data={**form_of(client, path, path), "answer": "ب" * 50_001,
                                   "then": "stay"}).status_code == 303


def test_the_secretariat_records_the_summary_and_its_translations_and_completes_the_review():
    fake = WorkPeers(None, stage="summary")
    fake.summaries = [{"version": 1, "text": "The review found...", "word_count": 3,
                       "written_by": "s", "actor_state": None,
                       "written_at": "2021-03-01T08:00:00+00:00"}]
    fake.translations[1] = {**fake.translations[1], "status": "requested"}
    fake.refuse = {"/reviews/1/summary/translations/ru": Refusal(
        409, "the review is at the stage completed", {"stage": ["at the stage completed"]})}
    client = signed_in(fake, "secretariat")
    page = client.get("/reviews/1/summary").get_data(as_text=True)
    assert ">The review found...</textarea>" in page and (
        'Last saved at <time datetime="2021-03-01T08:00:00+00:00">1 Mar 2021, 08:00') in page
    action = "/reviews/1/summary/translations"
    answer = client.post(action, data={**form_of(client, "/reviews/1/summary", action),
                                       "status-ar": "done", "status-zh": "requested",
                                       "status-ru": "done"})
    assert answer.status_code == 409
    assert [s[2] for s in fake.sent] == ["/reviews/1/summary/translations/ar",
                                         "/reviews/1/summary/translations/ru"]
    assert fake.sent[0][3] == {"actor": "secretariat@unodc", "status": "done"}
    shown = answer.get_data(as_text=True)
    assert 'id="status-ru-error"' in shown and "at the stage completed" in shown
    action = "/reviews/1/summary"
    client.post(action, data={**form_of(client, action, action), "text": "Shorter."})
    assert fake.sent[-1] == ("reviews", "POST", "/reviews/1/summary",
                             {"actor": "secretariat@unodc", "text": "Shorter."})
    action = "/reviews/1/complete"
    assert client.post(action, data=form_of(client, "/reviews/1/summary", action)
                       ).headers["Location"] == "/reviews/1"


def test_the_states_see_the_summary_and_its_translations_with_no_form():
    fake = WorkPeers(None, stage="summary")
    fake.summaries = [{"version": 1, "text": "The review found...", "word_count": 3,
                       "written_by": "s", "actor_state": None,
                       "written_at": "2021-03-01T08:00:00+00:00"}]
    page = signed_in(fake, "focal_point", "AUT").get("/reviews/1/summary").get_data(
        as_text=True)
    assert forms_on(page) == [] and "The review found..." in page
    assert '<li data-language="fr" data-status="not_requested">' in page


def test_a_list_adopted_that_leaves_articles_out_keeps_the_reviewing_states_drafting():
    adopted = {**LIST_V2, "status": "adopted", "agreed_on": "2021-03-01",
               "adopted_on": "2021-03-01"}
    fake = WorkPeers(None, stage="list_of_observations", lists=[adopted])
    page = signed_in(fake, "focal_point", "KEN").get("/").get_data(as_text=True)
    assert '<li data-task="draft" data-review="1"' in page
    fake.lists = [{**LIST_V2, "status": "agreed", "agreed_on": "2021-03-01"}]
    page = signed_in(fake, "focal_point", "KEN").get("/").get_data(as_text=True)
    assert 'data-task="draft"' not in page  # agreed: the secretariat's to adopt
    assert '<li data-task="adopt" data-review="1"' in signed_in(fake, "secretariat").get(
        "/").get_data(as_text=True)
