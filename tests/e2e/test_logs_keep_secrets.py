"""A whole run on PostgreSQL with a password in every database URL: the migrations run by
hand, a draw, focal points nominated, the sweep's and the reminders' letters delivered.
Then no line the run wrote, in any process's log file or on any console, holds the
password or any e-mail address the run used."""

from __future__ import annotations

import csv
import secrets
import subprocess
import sys
from contextlib import ExitStack

import pytest
from sqlalchemy.engine import make_url

from harness.databases import postgres_database
from harness.system import SERVICES, draw_group, running_system
from harness.waiting import eventually
from shared.config import REPO_ROOT

PASSWORD = "pw-" + secrets.token_hex(12)  # the local server trusts 127.0.0.1: never checked
SECRETARIAT = "untoc-review@unodc.example.org"
MISSIONS = {row["code"]: row["emails"].split(";") for row in csv.DictReader(
    open(REPO_ROOT / "deploy/data/permanent_missions.csv", encoding="utf-8"))}


@pytest.fixture
def database_urls():
    with ExitStack() as stack:
        yield {service: make_url(stack.enter_context(postgres_database())).set(
            password=PASSWORD).render_as_string(hide_password=False) for service in SERVICES}


def console(system, *args: str) -> str:
    done = subprocess.run([sys.executable, *args], cwd=REPO_ROOT, env=system.env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout + done.stderr


def run_everything(system) -> tuple[list[str], set[str]]:
    """What the consoles printed, and every e-mail address the run used."""
    printed = [console(system, "-m", f"services.{service}.cli", "migrate")
               for service in SERVICES]
    states = draw_group(system, 8)
    used = {SECRETARIAT} | {address for code in states for address in MISSIONS[code]}
    for code in states[:4]:
        address = f"fp-{code.lower()}@gov.example.org"
        answer = system.http.post(f"{system.urls['nominations']}/nominations", json={
            "state_code": code, "role": "focal_point", "name": f"Focal point of {code}",
            "title": "Counsellor", "email": address, "gender": "female"}, timeout=10)
        assert answer.status_code == 201, answer.text
        used.add(address)
    printed.append(console(system, "-m", "services.nominations.cli", "sweep",
                           "--as-of", "2021-01-15"))
    printed.append(console(system, "-m", "services.notifications.cli", "remind",
                           "--as-of", "2021-01-20"))
    messages = f"{system.urls['notifications']}/messages"

    def delivered() -> bool:
        every = system.http.get(messages, params={"page_size": 100}, timeout=10).json()
        # a letter about a draw long past is skipped, as history
        return {m["status"] for m in every} <= {"sent", "skipped"} and any(
            m["cc"] and m["status"] == "sent" for m in every)

    eventually(delivered, timeout=90)
    return printed, used


def test_no_log_line_holds_a_password_or_an_address_when_the_system_has_run(
        tmp_path, amqp_url, database_urls):
    with running_system("postgres", tmp_path, amqp_url, database_urls=database_urls,
                        settings={"SECRETARIAT_EMAIL": SECRETARIAT}) as system:
        printed, used = run_everything(system)
    logs = {path.name: path.read_text() for path in (tmp_path / "var" / "log").glob("*.log")}
    logs["run_local console"] = "".join(system.start_output) + system.console_after_stop()
    logs.update({f"console {n}": text for n, text in enumerate(printed)})
    assert {"lots-web.log", "notifications-worker.log"} <= set(logs)
    assert "sent" in logs["notifications-worker.log"]  # the deliverer did log its sends
    leaks = [(name, line) for name, text in logs.items() for line in text.splitlines()
             if PASSWORD in line or any(address in line for address in used)]
    assert leaks == [], f"{len(leaks)} lines, first: {leaks[:3]}"
