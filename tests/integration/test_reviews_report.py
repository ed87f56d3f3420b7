"""The status report as of two dates, from a population built through the API and the
events, with the nomination figures from a real local HTTP server standing in for the
nominations service (and from no server at all)."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest

from services.reviews import cli
from services.reviews.domain import stages as s
from tests.unit.reviews.integration_support import make_app
from tests.unit.reviews.report_population import D1, D2, build_population


def figures_for(as_of: str) -> dict:
    group = {"group_number": 1, "focal_points": 12, "experts": 30, "observers": 2,
             "states_with_observers": 1, "women_share": 0.4, "states_with_focal_point": 12,
             "states_missing_focal_point": {"under_review": 3, "reviewing": 2},
             "reviews_missing_focal_point": {"under_review": 2, "reviewing": 2}}
    totals = {k: v for k, v in group.items() if k != "group_number"}
    return {"as_of": as_of, "groups": [group], "totals": {**totals,
                                                          "states_in_several_groups": 3}}


class FiguresHandler(BaseHTTPRequestHandler):
    asked: list[str] = []

    def do_GET(self):  # noqa: N802 - the name http.server calls
        url = urlparse(self.path)
        as_of = parse_qs(url.query).get("as_of", [""])[0]
        FiguresHandler.asked.append(as_of)
        body = json.dumps(figures_for(as_of)).encode()
        self.send_response(200 if url.path == "/figures" else 404)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # keep the test output quiet
        pass


@pytest.fixture
def nominations_url():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FiguresHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FiguresHandler.asked = []
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def population(database_url, nominations_url):
    app = make_app(database_url, nominations_url=nominations_url)
    build_population(app)
    yield app
    app.extensions["revmod"].engine.dispose()


def report(app, as_of, **query) -> dict | str:
    answer = app.test_client().get("/reports/status", query_string={"as_of": as_of, **query})
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return answer.json if not query else " ".join(answer.get_data(as_text=True).split())


def test_report_as_of_a_past_date_answers_from_the_stage_history(population):
    figures = report(population, D1.isoformat())
    [one] = figures["groups"]  # group two was not yet drawn on 31 March 2021
    assert (one["reviews"], one["advancing"]) == (8, 4)
    assert {k: v for k, v in one["stages"].items() if v} == {
        s.WAITING_FOR_NOMINATIONS: 4, s.PRELIMINARY_CONSULTATION: 1, s.SELF_ASSESSMENT: 2,
        s.WRITTEN_FEEDBACK: 1}
    assert one["not_started"] == {"reviews": 4, "under_review": 2, "reviewing": 2,
                                  "all_nominated": 0}
    assert one["consultations"] == {"reviews": 3, "without_agreement": 0,
                                    "facilitated_meetings": 3}
    assert (one["languages"]["one"]["reviews"], one["languages"]["two"]["reviews"]) == (1, 2)
    assert one["states_taking_part"] == 17
    assert one["completion"]["completed"] == 0 and one["completion"]["foreseen"] == 8
    assert figures["nominations"]["available"] is True


def test_report_as_of_today_counts_completions_send_backs_and_the_second_group(population):
    figures = report(population, D2.isoformat())
    one, two = figures["groups"]
    assert {k: v for k, v in one["stages"].items() if v} == {
        s.WAITING_FOR_NOMINATIONS: 2, s.PRELIMINARY_CONSULTATION: 1, s.SELF_ASSESSMENT: 3,
        s.WRITTEN_FEEDBACK: 1, s.COMPLETED: 1}
    assert one["completion"] | {"override": None} == {
        "foreseen": 8, "completed": 1, "percentage": 12.5, "threshold": 70,
        "rule_met": False, "may_advance": False, "override": None}
    assert (two["reviews"], two["advancing"], two["starts_on"]) == (4, 2, "2021-11-01")
    assert two["not_started"] == {"reviews": 2, "under_review": 1, "reviewing": 1,
                                  "all_nominated": 0}
    totals = figures["totals"]
    assert totals["consultations"] == {"reviews": 6, "without_agreement": 0,
                                       "facilitated_meetings": 6}
    assert totals["languages"]["one"] | {"combinations": None} == {
        "reviews": 4, "share": 67, "combinations": None}
    assert totals["languages"]["one"]["combinations"] == [
        {"languages": ["en"], "reviews": 3}, {"languages": ["es"], "reviews": 1}]


def test_report_text_reads_like_the_note_on_both_dates(population):
    past = report(population, D1.isoformat(), format="text")
    assert ("As of 31 March 2021, out of the eight reviews of group one, which commenced in "
            "December 2020, four reviews were advancing. The details on their status are "
            "listed below: (a) One review was at the stage of the preliminary consultation; "
            "(b) Two reviews were at the stage of filling in the self-assessment "
            "questionnaires") in past
    assert ("(c) One review was at the stage of the written feedback, currently being "
            "prepared by the reviewing States.") in past
    assert ("four out of the eight reviews of group one that were supposed to start in "
            "December 2020 had not yet started because of missing nominations of focal "
            "points. In two cases the pending nomination was from the State party under "
            "review and in two cases from one or both reviewing States parties.") in past
    assert "group two" not in past
    # JPN, BRA, GHA, ITA, EGY, MAR and SEN, each once, from the reviews' copy of the
    # focal points (the nominations service's figures count per capacity)
    assert ("From the 17 States parties that were selected to participate in group one, "
            "seven had not designated a focal point as of 31 March 2021.") in past
    now = report(population, D2.isoformat(), format="text")
    assert ("As of 15 September 2022, out of the four reviews of group two, which commenced "
            "in November 2021, two reviews were advancing.") in now
    assert "(b) Three reviews were at the stage of filling in the self-assessment" in now
    assert "one review was completed (12.5 per cent)." in now
    assert "the secretariat facilitated the organization of six preliminary consultation" in now
    assert ("out of the six reviews in which the preliminary consultation was already "
            "conducted, 67 per cent agreed during the preliminary consultation on the use of "
            "only one working language (four reviews): three reviews agreed on English and "
            "one on Spanish.") in now
    assert ("Two reviews opted for two languages: one review chose English and Arabic and "
            "one review chose English and French.") in now


def test_report_asks_the_nominations_service_for_the_same_date(population):
    report(population, D1.isoformat())
    report(population, D2.isoformat(), format="text")
    assert FiguresHandler.asked == [D1.isoformat(), D2.isoformat()]


def test_report_without_the_nominations_figures_does_not_ask_for_them(population):
    """nominations=false (the portal's overview, which does not show them) leaves the
    nominations service alone and the reviews' own figures as they were; the note's text
    always holds them."""
    client = population.test_client()
    whole = report(population, D1.isoformat())
    asked = client.get("/reports/status", query_string={"as_of": D1.isoformat(),
                                                        "nominations": "false"}).json
    assert FiguresHandler.asked == [D1.isoformat()]
    assert asked["nominations"] == {"available": False, "totals": None,
                                    "detail": "not asked for (nominations=false)"}
    assert [{k: v for k, v in g.items() if k != "nominations"} for g in asked["groups"]] == [
        {k: v for k, v in g.items() if k != "nominations"} for g in whole["groups"]]
    assert all(g["nominations"] is None for g in asked["groups"])
    text = client.get("/reports/status", query_string={
        "as_of": D1.isoformat(), "nominations": "false", "format": "text"})
    assert FiguresHandler.asked == [D1.isoformat()] * 2 and "not included" not in text.text
    bad = client.get("/reports/status?nominations=some")
    assert bad.status_code == 422 and "nominations" in bad.json["errors"]


def test_report_says_so_in_a_clear_line_and_renders_the_rest_when_nominations_is_down(
    population
):
    ctx = population.extensions["revmod"]
    app = make_app(ctx.settings.database_url, clock=ctx.clock, nominations_timeout=0.5,
                   nominations_url=f"http://127.0.0.1:{free_port()}")
    figures = report(app, D2.isoformat())
    assert figures["nominations"]["available"] is False
    assert "nominations service is unavailable" in figures["nominations"]["detail"]
    assert figures["groups"][0]["reviews"] == 8
    text = report(app, D2.isoformat(), format="text")
    app.extensions["revmod"].engine.dispose()
    assert ("The figures on nominations are not included in this report: the nominations "
            "service is unavailable (ConnectionError). Every other figure is complete.") in text
    assert "out of the four reviews of group two" in text


def test_report_page_is_printable_html_with_the_same_sentences(population):
    answer = population.test_client().get(f"/reports/status.html?as_of={D2.isoformat()}")
    assert answer.status_code == 200 and answer.content_type.startswith("text/html")
    page = answer.get_data(as_text=True)
    assert "Status of the country reviews as of 15 September 2022" in page
    assert "(b)</span>" not in page and "Three reviews were at the stage of filling" in page
    assert "src=" not in page and "href=" not in page and "<script" not in page


def test_report_of_a_date_not_yet_over_is_refused_naming_as_of(population):
    for path in ("/reports/status", "/reports/status.html"):
        answer = population.test_client().get(f"{path}?as_of=2022-09-16")
        assert answer.status_code == 422 and "as_of" in answer.json["errors"]
    answer = population.test_client().get("/reports/status?format=pdf")
    assert answer.status_code == 422 and "format" in answer.json["errors"]


def test_command_line_prints_the_report_as_of_a_date(population, nominations_url,
                                                     monkeypatch, capsys):
    monkeypatch.setenv("REVIEWS_DATABASE_URL",
                       population.extensions["revmod"].settings.database_url)
    monkeypatch.setenv("NOMINATIONS_URL", nominations_url)
    assert cli.main(["report", "--as-of", D1.isoformat()]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "out of the eight reviews of group one, which commenced in December 2020" in text
    assert cli.main(["report", "--as-of", D1.isoformat(), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["groups"][0]["advancing"] == 4


def test_report_phase_and_command_endpoints_are_in_the_openapi_contract(population):
    paths = set(population.test_client().get("/openapi.json").json["paths"])
    assert {"/reports/status", "/reports/status.html", "/phases", "/deadlines/sweep",
            "/phases/{group_number}/{phase}/override", "/reviews/{review_id}/send-back",
            "/reviews/{review_id}/preliminary-consultation", "/reviews/{review_id}/feedback",
            "/reviews/{review_id}/questionnaire/answers/{question_id}",
            "/reviews/{review_id}/summary/translations/{language}"} <= paths
