"""What bench/portal.py's pages show, written through the services' APIs as the secretariat,
and a secretariat account signed in to the portal as a person signs in.

The group was drawn 40 days ago and half its States named a focal point 10 days ago, so
the pages hold reviews at several stages, overdue ones among them, missing nominations
with the reminders already sent about them, and one review's history and letters.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pyotp
import requests

from harness.waiting import eventually

ACCOUNT = "bench-secretariat@unodc.example.org"
PASSPHRASE = "eight slow barges on the Danube"
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@dataclass(frozen=True)
class Seeded:
    today: dt.date
    draw_id: int
    #: the review moved on to the self-assessment questionnaire: the longest history
    review_id: int
    #: its State under review, which answered the first half of the questions
    state_under_review: str
    #: the first question of its questionnaire
    question_id: str
    reviews: int
    #: a secretariat token signed by the system, for the APIs' baseline
    token: str


def _all(http: requests.Session, url: str, **params) -> list:
    items, page = [], 1
    while True:
        answer = http.get(url, params={**params, "page": page, "page_size": 100}, timeout=30)
        answer.raise_for_status()
        items += answer.json()
        if len(answer.json()) < 100:
            return items
        page += 1


def _post(system, url: str, body: dict) -> dict:
    answer = system.http.post(url, json=body, timeout=60)
    assert answer.status_code in (200, 201), answer.text
    system.wait_handled(answer, timeout=120)
    return answer.json()


def seed(system, sink, size: int) -> Seeded:
    """One group of `size` drawn 40 days ago, a focal point for every other State taking
    part and for all of the first review's, that review's consultation held, and the
    nominations sweep's reminders sent."""
    http, today = system.http, dt.datetime.now(dt.UTC).date()
    lots, reviews, nominations = (system.urls[s] for s in ("lots", "reviews", "nominations"))
    states = [s["code"] for s in _all(http, f"{lots}/states")][:size]
    began = str(today - dt.timedelta(40))
    group = _post(system, f"{lots}/groups", {"number": 1, "starts_on": began,
                                             "states_under_review": states})
    draw = _post(system, f"{lots}/groups/{group['id']}/draw", {"drawn_on": began})
    every = _all(http, f"{reviews}/reviews")
    first = every[0]
    taking_part = sorted({c for r in every for c in (r["state_under_review"],
                                                      *r["reviewing_states"])})
    for code in sorted({*taking_part[::2], first["state_under_review"],
                        *first["reviewing_states"]}):
        _post(system, f"{nominations}/nominations", {
            "state_code": code, "role": "focal_point", "name": f"Focal point of {code}",
            "title": "Counsellor", "email": f"fp-{code.lower()}@gov.example.org",
            "gender": "female", "nominated_on": str(today - dt.timedelta(10))})
    url = f"{reviews}/reviews/{first['id']}"
    eventually(lambda: http.get(url, timeout=30).json()["stage"] == "preliminary_consultation",
               timeout=120)
    _post(system, f"{url}/preliminary-consultation", {
        "actor": "secretariat", "held_on": str(today - dt.timedelta(5)),
        "languages": ["en", "fr"], "facilitated_by_secretariat": True})
    questions = [q["question_id"] for q in
                 http.get(f"{url}/questionnaire", timeout=30).json()["questions"]]
    for question_id in questions[:len(questions) // 2]:  # half of it answered, as a draft
        answer = http.put(f"{url}/questionnaire/answers/{question_id}", json={
            "actor": "Ministry of Justice", "actor_state": first["state_under_review"],
            "answer": "Yes: articles 5 and 23 of the penal code, as amended in 2019. " * 4},
            timeout=30)
        assert answer.status_code in (200, 201), answer.text
    system.cli("nominations", "sweep", "--as-of", today.isoformat())
    sink.settle()
    return Seeded(today, draw["id"], first["id"], first["state_under_review"], questions[0],
                  len(every), system.token("secretariat"))


def _csrf(session: requests.Session, url: str) -> str:
    page = session.get(url, timeout=30)
    page.raise_for_status()
    return _CSRF.search(page.text).group(1)


def pasted_token_session(system, role: str, state: str) -> requests.Session:
    """A person of `role` for `state` signed in with a token pasted in the portal's form
    (PORTAL_ACCEPTS_PASTED_TOKENS, on in every system the harness starts): no account, so
    its pages skip the session check that an account's pages make."""
    portal, session = system.urls["portal"], requests.Session()
    signed = session.post(f"{portal}/signin", data={
        "csrf": _csrf(session, f"{portal}/signin"), "token": system.token(role, state)},
        timeout=30, allow_redirects=False)
    assert signed.status_code == 303, signed.text[-2000:]
    return session


def signed_in_session(system) -> requests.Session:
    """A secretariat account made by the accounts CLI, its password chosen through the
    invitation's page, signed in with password and second factor through the portal's
    forms; the session that holds its cookie."""
    printed = system.cli("accounts", "create-secretariat", ACCOUNT, "--name", "Bench")
    link = re.search(r"token=(\S+)", printed).group(1)
    totp = pyotp.parse_uri(re.search(r"otpauth://\S+", printed).group(0))
    portal, session = system.urls["portal"], requests.Session()
    chosen = session.post(f"{portal}/password", data={
        "csrf": _csrf(session, f"{portal}/welcome?token={link}"), "token": link,
        "password": PASSPHRASE, "repeat": PASSPHRASE}, timeout=30)
    assert "Your password is set" in chosen.text, chosen.text[-2000:]
    signed = session.post(f"{portal}/signin", data={
        "csrf": _csrf(session, f"{portal}/signin"), "email": ACCOUNT, "password": PASSPHRASE,
        "code": totp.now()}, timeout=30, allow_redirects=False)
    assert signed.status_code == 303, signed.text[-2000:]
    return session
