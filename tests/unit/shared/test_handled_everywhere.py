"""The verdict on one write's events, from each service's answer to GET /events/handled."""

from __future__ import annotations

from shared.web.handled_everywhere import verdict


def answer(caused=None, handled=None, dead=()) -> dict:
    caused = {t: {"recorded": n, "published": p, "refused": r}
              for t, (n, p, r) in (caused or {}).items()}
    return {"caused": caused, "handled": handled or {}, "dead_lettered": list(dead)}


def answers(**by_service) -> dict:
    found = {s: answer() for s in ("lots", "nominations", "notifications", "reviews")}
    found.update(by_service)
    return found


def test_a_draw_is_handled_once_every_subscriber_holds_it_and_its_follow_ups():
    drawn = {"LotsDrawn": (1, 1, 0)}
    found = verdict(answers(
        lots=answer(caused=drawn),
        reviews=answer(caused={"ReviewScheduled": (3, 3, 0)}, handled={"LotsDrawn": 1}),
        nominations=answer(handled={"ReviewScheduled": 3}),
        notifications=answer(handled={"LotsDrawn": 1, "ReviewScheduled": 3})))
    assert found.done and found.clean
    assert found.caused == {"LotsDrawn": 1, "ReviewScheduled": 3}


def test_it_waits_for_publishing_and_for_each_subscriber_and_says_for_what():
    found = verdict(answers(
        lots=answer(caused={"LotsDrawn": (1, 1, 0)}),
        reviews=answer(caused={"ReviewScheduled": (3, 1, 0)}, handled={"LotsDrawn": 1}),
        nominations=answer(handled={"ReviewScheduled": 1}),
        notifications=answer(handled={"LotsDrawn": 1, "ReviewScheduled": 1})))
    assert not found.done
    assert found.waiting == ["reviews has 2 ReviewScheduled still to publish",
                             "nominations has handled 1 of 3 ReviewScheduled",
                             "notifications has handled 1 of 3 ReviewScheduled"]


def test_a_dead_letter_counts_as_done_and_is_named_and_a_silent_service_is_waited_for():
    dead = {"event_id": "e1", "event_type": "LotsDrawn", "reason": "version 99",
            "dead_at": "2026-12-05T04:00:00+00:00"}
    found = verdict(answers(lots=answer(caused={"LotsDrawn": (1, 1, 0)}),
                            reviews=answer(dead=[dead]),
                            notifications=answer(handled={"LotsDrawn": 1})))
    assert found.done and not found.clean
    assert found.dead_lettered == {"reviews": [dead]}
    silent = verdict(answers(lots=answer(caused={"LotsDrawn": (1, 1, 0)}),
                             reviews="ConnectionError at http://127.0.0.1:8002",
                             notifications=answer(handled={"LotsDrawn": 1})))
    assert silent.waiting == ["reviews did not answer: ConnectionError at http://127.0.0.1:8002"]


def test_an_event_the_relay_refused_is_expected_nowhere_and_named():
    found = verdict(answers(lots=answer(caused={"LotsDrawn": (1, 0, 1)})))
    assert found.done and not found.clean
    assert found.refused == {"lots": {"LotsDrawn": 1}}
