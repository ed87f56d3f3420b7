"""The letters each event writes, against a real database (PostgreSQL and SQLite): who gets
one, in which language, copied to whom, what is skipped as history, what items open and
close; and the daily cap of the deliverer, with the settable clock."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest

from services.notifications.adapters.orm import HELD, PENDING, SENT, SKIPPED
from services.notifications.adapters.outgoing.compose import Draft, compose_all
from services.notifications.adapters.outgoing.delivery import Deliverer
from services.notifications.app import create_app
from services.notifications.bootstrap import MIGRATIONS as NOTIFICATIONS_MIGRATIONS
from services.notifications.handlers.reminders import run_reminders
from services.notifications.settings import Settings
from shared.clock import FixedClock
from shared.db.engine import transaction
from shared.db.migrate import upgrade
from shared.events import new_event
from tests.integration.test_notifications_world import (
    FakeMailer,
    at,
    contact,
    deadline_missed,
    deliver,
    deliver_together,
    focal_point,
    messages,
    missing,
    registered,
    scheduled,
    stage_changed,
)

TODAY = dt.date(2021, 3, 1)


@pytest.fixture
def clock():
    return FixedClock(at(TODAY))


@pytest.fixture
def app(database_url, clock):
    settings = Settings(service="notifications", database_url=database_url, daily_cap=3)
    app = create_app(settings, clock)
    upgrade(NOTIFICATIONS_MIGRATIONS, app.extensions["revmod"].engine)
    now = clock.now()
    deliver(app, *(registered(c, now) for c in ("KEN", "GHA", "FRA", "AUT")),
            contact("KEN", now, "en"), contact("GHA", now, "en"), contact("FRA", now, "fr"))
    yield app
    app.extensions["revmod"].engine.dispose()


def items(app, **filters) -> list[dict]:
    return app.test_client().get("/items", query_string=filters).json


def lots_drawn(starts_on: dt.date, when: dt.datetime):
    return new_event("LotsDrawn", {
        "draw_id": 1, "group_id": 1, "group_number": 1, "starts_on": starts_on, "phase": 1,
        "cluster": 1, "reviews": [
            {"state_under_review": "KEN", "reviewing_states": ["GHA", "FRA"]},
            {"state_under_review": "FRA", "reviewing_states": ["KEN", "AUT"]}]}, when)


def test_each_state_drawn_gets_one_letter_in_its_language_and_aut_waits_for_its_mission(
        app, clock):
    deliver(app, lots_drawn(TODAY, clock.now()))
    letters = {m.state_code: m for m in messages(app, kind="lots_drawn")}
    assert sorted(letters) == ["AUT", "FRA", "GHA", "KEN"]
    assert letters["FRA"].language == "fr" and letters["FRA"].status == PENDING
    assert "Le tirage au sort a désigné les États parties suivants" in letters["FRA"].body_text
    assert letters["AUT"].status == HELD and letters["AUT"].recipients == []
    ken = " ".join(letters["KEN"].body_text.split())
    assert "- Ghana - France" in ken and "by 15 March 2021" in ken
    # Austria's Mission arrives, French-speaking: the held letter is written again in French
    deliver(app, contact("AUT", clock.now(), "fr"))
    (aut,) = messages(app, kind="lots_drawn", state_code="AUT")
    assert (aut.status, aut.language) == (PENDING, "fr")
    assert aut.recipients == ["pm-aut@missions.example.org"]
    assert "la Mission permanente de l’Autriche" in " ".join(aut.body_text.split())
    assert 'lang="fr"' in aut.body_html


def test_letters_about_a_draw_years_ago_are_recorded_as_skipped_when_history_is_loaded(
        app, clock):
    deliver(app, lots_drawn(dt.date(2018, 12, 1), clock.now()))
    letters = messages(app, kind="lots_drawn")
    assert len(letters) == 4 and {m.status for m in letters} == {SKIPPED}
    assert "2018-12-01" in letters[0].last_error and letters[0].next_attempt_at is None


def test_a_stage_change_settles_the_old_items_opens_the_new_ones_and_tells_each_state(
        app, clock):
    now = clock.now()
    deliver(app, scheduled(7, "KEN", ["GHA", "FRA"], TODAY, now),
            focal_point("GHA", 7, now, nomination_id=11),
            stage_changed(7, "KEN", ["GHA", "FRA"], None, "waiting_for_nominations",
                          dt.date(2021, 3, 15), now))
    assert messages(app, kind="stage_changed") == []  # the first stage: the draw said it
    deadline = dt.date(2021, 4, 12)
    deliver(app, stage_changed(7, "KEN", ["GHA", "FRA"], "waiting_for_nominations",
                               "self_assessment", deadline, now))
    letters = {m.state_code: m for m in messages(app, kind="stage_changed")}
    assert sorted(letters) == ["FRA", "GHA", "KEN"]
    assert letters["GHA"].cc == ["fp-gha@gov.example.org"]  # its focal point, in copy
    # French puts a no-break space inside guillemets, so the line never breaks there
    assert "«\u00a0questionnaire d’auto-évaluation\u00a0»" in re.sub(
        "[ \n]+", " ", letters["FRA"].body_text)
    open_now = {(i["state_code"], i["topic"]) for i in items(app, review_id=7, open="true")}
    # focal points settled by the move; experts still owed; the questionnaire is Kenya's
    assert open_now == {("KEN", "expert"), ("GHA", "expert"), ("FRA", "expert"),
                        ("KEN", "stage:self_assessment")}


@pytest.mark.parametrize("handed", [deliver, deliver_together], ids=["one_by_one", "together"])
def test_a_review_sent_back_and_forth_reopens_each_stage_in_a_new_round_once_per_state(
        app, clock, handed):
    """Together, as a consumer with a backlog handles them, the events share one session:
    each sees the items the earlier ones closed and opened."""
    now = clock.now()
    consultation, questionnaire = "preliminary_consultation", "self_assessment"
    reviewers = ["GHA", "AUT", "GHA"]  # a State named twice owes and is told once
    moves = [("waiting_for_nominations", consultation, dt.date(2021, 3, 20)),
             (consultation, questionnaire, dt.date(2021, 4, 1)),
             (questionnaire, consultation, dt.date(2021, 4, 15)),
             (consultation, questionnaire, dt.date(2021, 5, 1))]
    handed(app, scheduled(7, "KEN", ["GHA", "AUT"], TODAY, now),
           *(stage_changed(7, "KEN", reviewers, before, after, deadline, now)
             for before, after, deadline in moves))
    stage_items = [i for i in items(app, review_id=7, page_size=100)
                   if i["topic"].startswith("stage:")]
    assert sorted((i["topic"], i["state_code"], i["round"]) for i in stage_items) == [
        *((f"stage:{consultation}", state, n) for state in ("AUT", "GHA", "KEN")
          for n in (1, 2)),
        (f"stage:{questionnaire}", "KEN", 1), (f"stage:{questionnaire}", "KEN", 2)]
    # the consultation's second round counts from the send-back, closed by the next move
    (again,) = [i for i in stage_items if i["topic"] == f"stage:{consultation}"
                and i["state_code"] == "GHA" and i["round"] == 2]
    assert again["deadline"] == "2021-04-15" and again["closed_at"] is not None
    assert [(i["state_code"], i["round"], i["deadline"]) for i in stage_items
            if i["closed_at"] is None] == [("KEN", 2, "2021-05-01")]
    letters = messages(app, kind="stage_changed")
    assert Counter(m.state_code for m in letters) == {"KEN": 4, "GHA": 4, "AUT": 4}
    assert {m.status for m in letters if m.state_code == "AUT"} == {HELD}  # no Mission yet
    assert {m.status for m in letters if m.state_code != "AUT"} == {PENDING}


def test_a_stage_change_withdraws_the_unsent_reminders_of_the_stage_it_settles_only(
        app, clock):
    now = clock.now()
    deadline = dt.date(2021, 2, 20)
    deliver(app, scheduled(7, "KEN", ["GHA", "FRA"], dt.date(2021, 1, 1), now),
            stage_changed(7, "KEN", ["GHA", "FRA"], "preliminary_consultation",
                          "written_feedback", deadline, now),
            deadline_missed(7, "KEN", "written_feedback", deadline, TODAY, ["GHA", "FRA"]),
            missing("GHA", 7, "KEN", dt.date(2021, 1, 29), TODAY, role="expert"))
    assert {m.status for m in messages(app, kind="stage_deadline")} == {PENDING}
    deliver(app, stage_changed(7, "KEN", ["GHA", "FRA"], "written_feedback",
                               "list_of_observations", dt.date(2021, 4, 1), now))
    withdrawn = messages(app, kind="stage_deadline")
    assert sorted(m.state_code for m in withdrawn) == ["FRA", "GHA"]
    assert {m.status for m in withdrawn} == {SKIPPED}
    assert all("settled before it left (ReviewStageChanged" in m.last_error for m in withdrawn)
    # the experts are still owed: their reminder goes, as do the letters about the move
    (expert,) = messages(app, kind="nomination_missing")
    assert expert.status == PENDING and expert.last_error is None
    assert len(messages(app, kind="stage_changed", status=PENDING)) == 6  # 3 for each move


def test_letters_written_together_are_written_once_per_key_in_the_order_given(app, clock):
    ctx = app.extensions["revmod"]

    def draft(state: str, key: str) -> Draft:
        return Draft(kind="stage_changed", state_code=state, review_id=7, context={
            "state_code": state, "review_id": 7, "state_under_review": "KEN",
            "capacity": "reviewing", "from_stage": None, "to_stage": "summary",
            "deadline": None, "as_of": TODAY}, key=key, cause_event_id="cause",
            correlation_id=None, copy_focal_points=True)

    with transaction(ctx.session_factory) as session:
        compose_all(ctx, session, [draft("GHA", "first")])
    with transaction(ctx.session_factory) as session:
        written = compose_all(ctx, session, [draft("FRA", "second"), draft("KEN", "first"),
                                             draft("AUT", "third"), draft("GHA", "second")])
        assert [m is not None for m in written] == [True, False, True, False]
    rows = messages(app, kind="stage_changed")
    assert [(m.idempotency_key, m.state_code, m.status, m.language) for m in rows] == [
        ("first", "GHA", PENDING, "en"), ("second", "FRA", PENDING, "fr"),
        ("third", "AUT", HELD, "en")]
    assert "l’Autriche" not in rows[2].body_text and "Austria" in rows[2].body_text


def test_a_missed_stage_deadline_reminds_the_responsible_state_once_and_not_when_stale(
        app, clock):
    now = clock.now()
    deadline = dt.date(2021, 2, 20)
    deliver(app, scheduled(7, "KEN", ["GHA", "FRA"], dt.date(2021, 1, 1), now),
            stage_changed(7, "KEN", ["GHA", "FRA"], "preliminary_consultation",
                          "written_feedback", deadline, now))
    deliver(app, deadline_missed(7, "KEN", "written_feedback", deadline, TODAY, ["GHA", "FRA"]),
            deadline_missed(7, "KEN", "written_feedback", deadline, TODAY, ["GHA", "FRA"]))
    reminders = messages(app, kind="stage_deadline")
    assert sorted(m.state_code for m in reminders) == ["FRA", "GHA"]  # once each
    assert reminders[0].render_context["reminder"] == 1
    # years overdue (a sweep over history): beyond the policy, no letter
    deliver(app, deadline_missed(8, "KEN", "summary", dt.date(2015, 1, 1), TODAY, ["GHA"]))
    assert len(messages(app, kind="stage_deadline")) == 2


def test_a_repeated_draw_moves_the_items_and_tells_the_three_states(app, clock):
    now = clock.now()
    deliver(app, scheduled(7, "KEN", ["GHA", "FRA"], TODAY, now),
            new_event("DrawRepeated", {
                "draw_id": 1, "group_number": 1, "phase": 1, "state_under_review": "KEN",
                "replaced": "GHA", "replacement": "AUT", "reviewing_states": ["AUT", "FRA"],
                "requested_by": "GHA", "reason": "conflict", "exceptional": False,
                "repetition": 1}, at(dt.date(2021, 3, 5))))
    positions = {m.state_code: m.render_context["position"]
                 for m in messages(app, kind="draw_repeated")}
    assert positions == {"AUT": "replacement", "GHA": "replaced", "KEN": "under_review"}
    owed = {(i["state_code"], i["topic"]): i["deadline"] for i in items(app, open="true")}
    assert ("GHA", "focal_point") not in owed
    assert owed[("AUT", "focal_point")] == "2021-03-19"  # 14 days from the repetition


def test_a_reminder_asked_for_after_the_nomination_was_made_writes_nothing(app, clock):
    now = clock.now()
    deliver(app, scheduled(7, "KEN", ["GHA", "FRA"], dt.date(2021, 2, 1), now),
            focal_point("KEN", 7, now),
            missing("KEN", 7, "KEN", dt.date(2021, 2, 15), TODAY))
    assert messages(app, kind="nomination_missing") == []


def test_a_mission_gets_at_most_the_daily_cap_and_the_rest_the_next_day(app, clock):
    deliver(app, *(missing("KEN", r, "FRA", dt.date(2021, 2, 15), TODAY) for r in range(1, 6)),
            missing("GHA", 9, "FRA", dt.date(2021, 2, 15), TODAY))
    mailer = FakeMailer()
    deliverer = Deliverer(app.extensions["revmod"], mailer)
    deliverer.deliver_due()
    deliverer.deliver_due()  # a second round the same day sends nothing more to Kenya
    sent_to = [m["To"] for m, _ in mailer.sent]
    assert sent_to.count("pm-ken@missions.example.org") == 3
    assert sent_to.count("pm-gha@missions.example.org") == 1
    waiting = messages(app, state_code="KEN", status=PENDING)
    assert len(waiting) == 2 and "daily limit is 3" in waiting[0].last_error
    clock.set(at(TODAY + dt.timedelta(days=1), hour=0))
    deliverer.deliver_due()
    assert len(messages(app, state_code="KEN", status=SENT)) == 5
    assert len(mailer.sent) == 6


def test_only_the_asked_for_reminders_go_when_a_2020_group_is_run_years_later(
        database_url):
    """What the end-to-end flow does: a group that started in 2020 drawn and swept today.
    The draw's letters are history (skipped), the timed run finds every window long past,
    and each NominationMissing gets exactly one e-mail, at once."""
    clock = FixedClock(at(dt.date(2026, 11, 28)))
    app = create_app(Settings(service="notifications", database_url=database_url), clock)
    upgrade(NOTIFICATIONS_MIGRATIONS, app.extensions["revmod"].engine)
    now, start = clock.now(), dt.date(2020, 12, 1)
    deliver(app, *(registered(c, now) for c in ("KEN", "GHA", "FRA")),
            *(contact(c, now) for c in ("KEN", "GHA", "FRA")), lots_drawn(start, now),
            scheduled(7, "KEN", ["GHA", "FRA"], start, now),
            missing("KEN", 7, "KEN", dt.date(2020, 12, 15), dt.date(2021, 1, 15)),
            missing("GHA", 7, "KEN", dt.date(2020, 12, 15), dt.date(2021, 1, 15)))
    assert run_reminders(app.extensions["revmod"], clock.today()) == {}
    mailer = FakeMailer()
    Deliverer(app.extensions["revmod"], mailer).deliver_due()
    assert sorted(m["To"] for m, _ in mailer.sent) == [
        "pm-gha@missions.example.org", "pm-ken@missions.example.org"]
    assert {m.status for m in messages(app, kind="lots_drawn")} == {SKIPPED}
    app.extensions["revmod"].engine.dispose()


def test_a_reminder_waiting_for_its_mission_is_withdrawn_when_the_nomination_is_made(
        app, clock):
    now = clock.now()
    deliver(app, scheduled(7, "FRA", ["AUT", "KEN"], dt.date(2021, 2, 1), now),
            missing("AUT", 7, "FRA", dt.date(2021, 2, 15), TODAY))
    (held,) = messages(app, kind="nomination_missing")
    assert held.status == HELD  # Austria's Mission is not known yet
    deliver(app, focal_point("AUT", 7, now), contact("AUT", now))
    (withdrawn,) = messages(app, kind="nomination_missing")
    assert withdrawn.status == SKIPPED and "FocalPointNominated" in withdrawn.last_error


def test_an_account_link_goes_to_the_person_in_the_missions_language_and_stays_theirs(
        app, clock):
    """AccountInvited: to the person, in French for France's Mission, not held for a
    Mission without contact, never readdressed to a Mission, its body withheld from the
    API's readers; a secretariat account (no State) gets its link from the command."""
    now = clock.now()
    invited = [new_event("AccountInvited", {
        "account_id": i, "email": f"p{i}@gov.example.org", "name": "Personne", "state_code": code,
        "purpose": "invitation", "link": f"http://portal.example/welcome?token=T{i}",
        "expires_at": now + dt.timedelta(hours=72)}, now)
        for i, code in ((1, "FRA"), (2, "AUT"), (3, None))]
    deliver(app, *invited)
    france, austria = messages(app, kind="account_link")
    assert (france.recipients, france.language, france.status) == (
        ["p1@gov.example.org"], "fr", PENDING)
    assert "http://portal.example/welcome?token=T1" in france.body_text
    assert (austria.recipients, austria.language, austria.status) == (
        ["p2@gov.example.org"], "en", PENDING)
    deliver(app, contact("AUT", now, "fr"))
    assert messages(app, id=austria.id)[0].recipients == ["p2@gov.example.org"]
    shown = app.test_client().get(f"/messages/{france.id}").json
    assert "token" not in shown["body_text"] and "withheld" in shown["body_text"]
