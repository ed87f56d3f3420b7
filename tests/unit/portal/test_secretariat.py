"""The secretariat's forms over canned services (secretariat_fakes.WritingPeers): each write goes
to the owning service's API as typed, a refusal shows the service's reason beside its field
with nothing typed lost, a write done leads (303) to the page that shows it with a
confirmation, and nobody but the secretariat reaches a form, even by typing its address."""

from __future__ import annotations

import html
import re

import pytest

from services.portal.adapters.peers import Sent
from services.portal.app import create_app
from services.portal.settings import Settings
from shared.clock import FixedClock
from tests.unit.portal.secretariat_fakes import LETTER, WritingPeers, refusal
from tests.unit.portal.test_pages import NOW, sign_in

SECRETARIAT_PAGES = ("/secretariat/", "/secretariat/nominations/new", "/secretariat/reviews/1",
              "/secretariat/draws/record", "/secretariat/draws/1/repetition",
              "/secretariat/meetings", "/secretariat/decisions/", "/secretariat/surveys/",
              "/secretariat/dead-letters/")


def secretariat(role="secretariat", state=None, answers=None):
    made: list[WritingPeers] = []

    def factory(token):
        made.append(WritingPeers(token, answers))
        return made[-1]
    client = create_app(Settings(secret_key="s" * 32, accepts_pasted_tokens=True),
                        FixedClock(NOW), factory).test_client()
    sign_in(client, role, state)
    return client, made


def post(client, path, data, page=None):
    """Send a form as the browser would: with the tokens of the page that holds it."""
    shown = client.get(page or path).get_data(as_text=True)
    tokens = dict(re.findall(r'name="(csrf|once)" value="([^"]+)"', shown))
    return client.post(path, data={**tokens, **data})


def text(answer) -> str:
    return html.unescape(answer.get_data(as_text=True))


def writes(made) -> list:
    return [w for peers in made for w in peers.sent]


@pytest.mark.parametrize("role", ["focal_point", "expert", "observer"])
def test_a_states_people_are_refused_every_form_even_when_they_type_its_address(role):
    client, made = secretariat(role, "AUT")
    for path in SECRETARIAT_PAGES:
        assert client.get(path).status_code == 403, path
    token = re.search(r'name="csrf" value="([^"]+)"', text(client.get("/"))).group(1)
    for path in ("/secretariat/nominations/new", "/secretariat/reviews/1/send-back",
                 "/secretariat/surveys/1/close", "/secretariat/dead-letters/lots/4/replay"):
        answer = client.post(path, data={"csrf": token, "once": path, "reason": "x"})
        assert answer.status_code == 403, path
    assert writes(made) == []
    assert "/secretariat/" not in text(client.get("/"))  # not in the navigation


def test_the_secretariat_finds_its_forms_in_the_navigation_and_each_page_answers():
    client, _ = secretariat()
    assert 'href="/secretariat/"' in text(client.get("/"))
    for path in SECRETARIAT_PAGES:
        assert client.get(path).status_code == 200, path


def test_a_nomination_is_recorded_from_the_note_verbale_and_its_day_is_the_notes():
    client, made = secretariat(answers={("nominations", "/nominations"): Sent(201, [{"id": 9}])})
    form = {"state_code": "AUT", "role": "expert", "name": "D. Moser", "title": "Counsellor",
            "email": "moser@gv.at.example.org", "gender": "female", "languages": ["en", "fr"],
            "note_verbale_ref": "NV/2021/17", "note_verbale_date": "2021-02-10",
            "review_id": ""}
    answer = post(client, "/secretariat/nominations/new", form)
    assert (answer.status_code, answer.headers["Location"]) == (303, "/people?state=AUT")
    (sent,) = writes(made)
    assert sent == ("nominations", "/nominations", {
        "state_code": "AUT", "role": "expert", "name": "D. Moser", "title": "Counsellor",
        "email": "moser@gv.at.example.org", "gender": "female", "languages": ["en", "fr"],
        "note_verbale_ref": "NV/2021/17", "note_verbale_date": "2021-02-10",
        "nominated_on": "2021-02-10"})  # no review: every review of the State
    page = text(client.get(answer.headers["Location"]))
    assert "D. Moser recorded as governmental expert of AUT, for 1 review." in page


def test_a_refused_nomination_shows_the_reason_beside_its_field_and_keeps_what_was_typed():
    client, made = secretariat(answers={("nominations", "/nominations"): refusal(
        422, "The request has invalid fields: email.", email=["Not a valid email address."])})
    answer = post(client, "/secretariat/nominations/new", {
        "state_code": "AUT", "role": "observer", "name": "E. Wolf", "title": "Judge",
        "email": "wolf-at-example", "gender": "male", "languages": ["ru"]})
    page = text(answer)
    assert answer.status_code == 422
    field = re.search(r'<input type="email" id="email"[^>]*>\s*<p class="field-error"'
                      r' id="email-error">([^<]+)</p>', page)
    assert field and field.group(1) == "Not a valid email address."
    assert 'value="wolf-at-example"' in page and 'aria-invalid="true"' in field.group(0)
    assert 'value="E. Wolf"' in page and 'value="ru" checked' in page
    assert 'value="observer" checked' in page and 'value="AUT" selected' in page


def test_a_stage_change_the_reviews_state_forbids_shows_the_services_reason():
    detail = "a review at the stage waiting_for_nominations cannot be sent back"
    client, _ = secretariat(answers={("reviews", "/reviews/1/send-back"): refusal(
        409, detail, stage=[detail])})
    answer = post(client, "/secretariat/reviews/1/send-back",
                  {"reason": "answers to article 23 missing", "actor": "J. Doe"},
                  page="/secretariat/reviews/1")
    page = text(answer)
    assert answer.status_code == 409
    form = page[page.index('data-form="send-back"'):]
    assert f'<p class="field-error" id="stage-error">{detail}</p>' in form
    assert "answers to article 23 missing</textarea>" in form and 'value="J. Doe"' in form


def test_a_review_sent_back_leads_to_its_page_with_the_reason_sent():
    client, made = secretariat(answers={("reviews", "/reviews/2/send-back"): Sent(
        200, {"id": 2, "stage": "list_of_observations"})})
    answer = post(client, "/secretariat/reviews/2/send-back",
                  {"reason": "the summary exceeds 1,500 words", "actor": "Secretariat",
                   "on": ""}, page="/secretariat/reviews/2")
    assert (answer.status_code, answer.headers["Location"]) == (303, "/reviews/2")
    assert writes(made) == [("reviews", "/reviews/2/send-back", {
        "actor": "Secretariat", "reason": "the summary exceeds 1,500 words"})]
    assert ("The review was sent back to the stage: List of observations."
            in text(client.get("/reviews/2")))


def test_the_move_on_offered_is_the_command_of_the_reviews_stage():
    client, made = secretariat(answers={("reviews", "/reviews/2/complete"): Sent(
        200, {"id": 2, "stage": "completed"})})
    page = text(client.get("/secretariat/reviews/2"))  # at the summary
    assert 'name="command" value="complete"' in page
    answer = post(client, "/secretariat/reviews/2/move-on",
                  {"command": "complete", "actor": "Secretariat", "on": "2021-02-20"},
                  page="/secretariat/reviews/2")
    assert answer.status_code == 303
    assert writes(made)[-1] == ("reviews", "/reviews/2/complete",
                                {"actor": "Secretariat", "on": "2021-02-20"})
    bad = post(client, "/secretariat/reviews/2/move-on", {"command": "../../lots"},
               page="/secretariat/reviews/2")
    assert bad.status_code == 400 and len(writes(made)) == 1


def test_a_consultation_is_recorded_with_its_languages_and_time_frames_or_without_agreement():
    client, made = secretariat(answers={
        ("reviews", "/reviews/1/preliminary-consultation"): Sent(200, {"stage": "x"}),
        ("reviews", "/reviews/1/preliminary-consultation/no-agreement"): Sent(200, {})})
    form = {"held_on": "2021-01-20", "languages": ["en", "fr"], "actor": "Secretariat",
            "time_frames.self_assessment": "2021-06-01", "time_frames.summary": "",
            "facilitated_by_secretariat": "yes", "outcome": "agreed"}
    assert post(client, "/secretariat/reviews/1/consultation", form,
                page="/secretariat/reviews/1").status_code == 303
    post(client, "/secretariat/reviews/1/consultation", {**form, "outcome": "no_agreement"},
         page="/secretariat/reviews/1")
    agreed, none = writes(made)
    assert agreed[2] == {"actor": "Secretariat", "held_on": "2021-01-20",
                         "facilitated_by_secretariat": True, "languages": ["en", "fr"],
                         "time_frames": {"self_assessment": "2021-06-01"}}
    assert none[1].endswith("/no-agreement") and "languages" not in none[2]


def test_a_draw_held_at_a_meeting_is_refused_with_each_breach_beside_its_row():
    breach = "KEN reviews FRA and FRA reviews KEN in the same phase"
    body = {"detail": "the result breaks 1 rule(s) of the draw", "errors": {
        "reviews": ["the result breaks 1 rule(s) of the draw"]}, "breaches": [
        {"rule": "mutual", "state_under_review": "KEN", "detail": breach}]}
    sent = refusal(422, body["detail"], reviews=body["errors"]["reviews"])
    client, made = secretariat(answers={("lots", "/draws/recorded"): Sent(422, body, sent.refusal)})
    answer = post(client, "/secretariat/draws/record?group=2",
                  {"meeting": "IRG-2020-10", "reviewing.FRA": "KEN aut",
                   "reviewing.KEN": "FRA, PER", "exception.KEN": ""},
                  page="/secretariat/draws/record?group=2")
    page = text(answer)
    assert answer.status_code == 422
    row = page[page.index('data-under-review="KEN"'):page.index("</tr>",
                                                                page.index('"KEN"'))]
    assert breach in row and 'value="FRA, PER"' in row
    (sent_body,) = [w[2] for w in writes(made)]
    assert sent_body["reviews"][0] == {"state_under_review": "FRA",
                                       "reviewing_states": ["KEN", "AUT"],
                                       "additional_reviewers": {}}
    assert (sent_body["group_number"], sent_body["meeting"]) == (2, "IRG-2020-10")


def test_a_drawn_group_has_no_form_to_record_its_draw():
    client, _ = secretariat()
    assert client.get("/secretariat/draws/record?group=1").status_code == 404


def test_a_repetition_at_a_meeting_is_recorded_and_told():
    client, made = secretariat(answers={("lots", "/draws/1/repetitions"): Sent(201, {
        "number": 2, "replacement": "PER", "replaced": "FRA", "state_under_review": "AUT"})})
    answer = post(client, "/secretariat/draws/1/repetition", {
        "state_under_review": "AUT", "replaced": "FRA", "requested_by": "AUT",
        "reason": "a conflict of interest", "meeting": "IRG-2020-10"})
    assert (answer.status_code, answer.headers["Location"]) == (303, "/draws/1")
    assert writes(made)[0][2]["exceptional"] is False
    assert "PER replaces FRA as reviewer of AUT" in text(client.get("/draws/1"))


def test_a_conference_decision_needs_its_phase_and_goes_to_the_reviews_service():
    client, made = secretariat(answers={("reviews", "/phases/1/1/override"): Sent(200, {})})
    page = "/secretariat/decisions/"
    answer = post(client, "/secretariat/decisions/override",
                  {"phase": "", "reason": "decision 11/2", "decided_on": "2021-02-01",
                   "actor": "Conference"}, page=page)
    assert answer.status_code == 422 and writes(made) == []
    assert 'id="phase-error">Choose the group' in text(answer)
    assert "decision 11/2</textarea>" in text(answer)
    done = post(client, "/secretariat/decisions/override",
                {"phase": "1/1", "reason": "decision 11/2", "decided_on": "2021-02-01",
                 "actor": "Conference"}, page=page)
    assert done.status_code == 303
    assert writes(made) == [("reviews", "/phases/1/1/override", {
        "reason": "decision 11/2", "decided_on": "2021-02-01", "actor": "Conference"})]


def test_a_survey_is_opened_to_every_state_party_or_those_named_and_closed():
    opened = Sent(200, {"title": "Needs", "states": ["AUT"], "deadline": "2021-04-01"})
    client, made = secretariat(answers={("survey", "/surveys/1/open"): opened,
                                 ("survey", "/surveys/2/close"): Sent(200, {"title": "N"})})
    page = "/secretariat/surveys/"
    post(client, "/secretariat/surveys/1/open", {"every": "yes", "deadline": "2021-04-01"},
         page=page)
    post(client, "/secretariat/surveys/1/open", {"states": "aut, ken", "deadline": ""},
         page=page)
    assert post(client, "/secretariat/surveys/2/close", {}, page=page).status_code == 303
    every, named, closed = writes(made)
    assert every[2] == {"states": ["AUT", "FRA", "KEN", "ITA", "PER"],
                        "deadline": "2021-04-01"}
    assert named[2] == {"states": ["AUT", "KEN"]}
    assert closed[:2] == ("survey", "/surveys/2/close")


def test_a_survey_refused_keeps_the_deadline_typed_beside_the_reason():
    client, _ = secretariat(answers={("survey", "/surveys/1/open"): refusal(
        422, "the deadline has passed", deadline=["the deadline has passed"])})
    answer = post(client, "/secretariat/surveys/1/open",
                  {"states": "AUT", "deadline": "2020-01-01"}, page="/secretariat/surveys/")
    page = text(answer)
    assert answer.status_code == 422
    assert 'value="2020-01-01"' in page and 'id="deadline-error">the deadline has passed' in page


def test_dead_letters_are_listed_per_service_and_one_is_replayed_where_it_died():
    client, made = secretariat(answers={("lots", "/dead-letters/4/replay"): Sent(202, LETTER)})
    page = text(client.get("/secretariat/dead-letters/"))
    assert 'data-letter="lots-4"' in page and "LotsDrawn" in page
    assert "The reviews service" in page and "The accounts service" not in page
    answer = post(client, "/secretariat/dead-letters/lots/4/replay", {},
                  page="/secretariat/dead-letters/")
    assert answer.status_code == 303 and writes(made) == [
        ("lots", "/dead-letters/4/replay", None)]
    assert post(client, "/secretariat/dead-letters/elsewhere/4/replay", {},
                page="/secretariat/dead-letters/").status_code == 404


def test_a_focal_point_sees_its_states_people_and_no_form():
    client, _ = secretariat("focal_point", "AUT")
    page = text(client.get("/people"))
    assert "A. Gruber" in page and "every review of the State" in page
    experts = page[page.index('data-role="expert"'):page.index('data-role="observer"')]
    assert "B. Huber" in experts and "serving" in experts
    assert "withdrawn" in page[page.index('data-role="observer"'):]
    assert "by note verbale" in page
    assert set(re.findall(r'<form method="post" action="([^"]+)"', page)) == {
        "/signout", "/language"}
    assert client.get("/people?state=FRA").status_code == 200  # still its own State's
    assert "Record a nomination" not in page


def test_the_secretariat_chooses_a_state_and_is_offered_the_nomination_form():
    client, _ = secretariat()
    assert "A. Gruber" not in text(client.get("/people"))
    page = text(client.get("/people?state=aut"))
    assert "A. Gruber" in page and "/secretariat/nominations/new?state=AUT" in page
    assert client.get("/people?state=XYZ").status_code == 404


def test_a_withdrawal_by_note_verbale_is_recorded_and_a_refusal_keeps_what_was_typed():
    path = "/secretariat/nominations/persons/2/withdrawal"
    client, made = secretariat(answers={("nominations", "/persons/2/withdrawal"): refusal(
        422, "2021-01-01 is before the nomination of 2021-01-04",
        withdrawn_on=["2021-01-01 is before the nomination of 2021-01-04"])})
    people = text(client.get("/people?state=AUT"))
    assert f'href="{path}?role=expert"' in people
    answer = post(client, path, {"role": "expert", "withdrawn_on": "2021-01-01",
                                 "reason": "NV/2021/30"}, page=f"{path}?role=expert")
    page = text(answer)
    assert answer.status_code == 422 and 'value="2021-01-01"' in page
    assert 'id="withdrawn_on-error">2021-01-01 is before the nomination' in page
    assert 'value="expert" selected' in page and 'value="NV/2021/30"' in page
    made[-1].answers[("nominations", "/persons/2/withdrawal")] = Sent(200, [{"id": 5}])
    done = post(client, path, {"role": "expert", "withdrawn_on": "2021-02-01",
                               "reason": "NV/2021/30"}, page=path)
    assert (done.status_code, done.headers["Location"]) == (303, "/people?state=AUT")
    assert writes(made)[-1] == ("nominations", "/persons/2/withdrawal", {
        "role": "expert", "withdrawn_on": "2021-02-01", "reason": "NV/2021/30"})
    assert "B. Huber is withdrawn from 1 review." in text(client.get("/people?state=AUT"))


@pytest.mark.parametrize("language", ["ar", "zh", "fr", "ru", "es"])
def test_every_form_page_speaks_each_language_with_a_refusal_shown(language):
    client, _ = secretariat(answers={("reviews", "/reviews/1/send-back"): refusal(
        409, "cannot be sent back", stage=["cannot be sent back"])})
    client.set_cookie("revmod_language", language)
    for path in (*SECRETARIAT_PAGES, "/people?state=AUT",
                 "/secretariat/nominations/persons/2/withdrawal"):
        answer = client.get(path)
        assert answer.status_code == 200, path
        assert f'lang="{language}' in text(answer)
    refused = post(client, "/secretariat/reviews/1/send-back", {"reason": "x"},
                   page="/secretariat/reviews/1")
    assert refused.status_code == 409 and "cannot be sent back" in text(refused)
