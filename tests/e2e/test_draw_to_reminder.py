"""One real flow through all four services: draw lots for a group over HTTP, nominate some
focal points, run the sweep after the deadlines, and read exactly one e-mail per missing
nomination (focal point or experts, per State and review) from the SMTP server, addressed
to the right Permanent Mission."""

from __future__ import annotations

import csv
import email
import email.policy
import time
from collections import Counter

import pytest

from harness.waiting import eventually
from shared.config import REPO_ROOT

MISSIONS = {
    row["code"]: set(row["emails"].split(";"))
    for row in csv.DictReader(open(REPO_ROOT / "deploy/data/permanent_missions.csv"))
}
MISSION_OF = {address: code for code, addresses in MISSIONS.items() for address in addresses}


def mails(mail_dir) -> list[email.message.EmailMessage]:
    if not mail_dir.exists():
        return []
    return [email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
            for p in sorted(mail_dir.glob("*.eml"))]


def to_missions(mail_dir) -> list[email.message.EmailMessage]:
    """The notes verbales to Permanent Missions; the accounts service's invitations go to
    the focal points themselves."""
    return [m for m in mails(mail_dir)
            if any(a.addr_spec in MISSION_OF for a in m["To"].addresses)]


def all_pages(http, url: str) -> list[dict]:
    items, page = [], 1
    while True:
        answer = http.get(url, params={"page": page, "page_size": 100}, timeout=10)
        answer.raise_for_status()
        items += answer.json()
        if len(answer.json()) < 100:
            return items
        page += 1


# on PostgreSQL, as deployed; make run's SQLite starts the portal's, the restart and
# the benchmarks' systems
@pytest.mark.parametrize("system", ["postgres"], indirect=True)
def test_one_email_per_missing_focal_point_when_the_sweep_runs_after_the_deadline(system):
    lots, reviews, nominations = (system.urls[s] for s in ("lots", "reviews", "nominations"))
    states = [s["code"] for s in system.http.get(f"{lots}/states?page_size=100", timeout=10).json()]
    group = system.http.post(f"{lots}/groups", json={
        "number": 1, "starts_on": "2020-12-01", "states_under_review": states[:24]}, timeout=10)
    assert group.status_code == 201, group.text
    draw = system.http.post(f"{lots}/groups/{group.json()['id']}/draw",
                            json={"drawn_on": "2020-10-19"}, timeout=30)
    assert draw.status_code == 201, draw.text

    system.wait_handled(draw)  # every service has handled the draw and what it caused
    drawn = all_pages(system.http, f"{reviews}/reviews")
    assert len(drawn) == 24
    expected_pairs = {(r["state_under_review"], r["id"]) for r in drawn}
    expected_pairs |= {(s, r["id"]) for r in drawn for s in r["reviewing_states"]}
    missing_url = f"{nominations}/missing?as_of=2030-01-01&role=focal_point&page_size=100"
    assert len(all_pages(system.http, missing_url)) == len(expected_pairs)

    nominated = states[:6]
    for code in nominated:
        answer = system.http.post(f"{nominations}/nominations", json={
            "state_code": code, "role": "focal_point", "name": f"Focal point of {code}",
            "title": "Counsellor", "email": f"fp-{code.lower()}@gov.example.org",
            "gender": "female", "nominated_on": "2020-12-10"}, timeout=10)
        assert answer.status_code == 201, answer.text
    duplicate = system.http.post(f"{nominations}/nominations", json={
        "state_code": nominated[0], "role": "focal_point", "name": "Second", "title": "X",
        "email": "second@gov.example.org", "gender": "male"}, timeout=10)
    assert duplicate.status_code == 409
    assert duplicate.headers["Content-Type"] == "application/problem+json"

    # focal points (due 15 Dec 2020) and experts (due 29 Dec 2020) are both overdue by then;
    # nobody nominated experts, so every participation is chased for them too; the sweep
    # as of a day reads the nominations made by then (10 December, recorded today)
    system.cli("nominations", "sweep", "--as-of", "2021-01-15")
    missing_focal = Counter(code for code, _ in expected_pairs if code not in nominated)
    missing_experts = Counter(code for code, _ in expected_pairs)
    expected = sum(missing_focal.values()) + sum(missing_experts.values())
    eventually(lambda: len(to_missions(system.mail_dir)) >= expected, timeout=60)
    out = system.cli("nominations", "sweep", "--as-of", "2021-01-15")  # the same day again
    assert "published: 0" in out
    time.sleep(3)  # let anything extra arrive
    received = to_missions(system.mail_dir)
    assert len(received) == expected
    per_mission = Counter()
    for message in received:  # each in its Mission's language, so counted by addressee
        addressed = {a.addr_spec for a in message["To"].addresses}
        (mission,) = {MISSION_OF[a] for a in addressed}
        assert addressed == MISSIONS[mission]
        per_mission[mission] += 1
    assert per_mission == missing_focal + missing_experts
