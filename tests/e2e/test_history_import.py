"""The example history bundle (deploy/data/history-example/) imported into a fresh system with
the one command, `python -m deploy.import_history`, as on a clean clone after `make run`:
a bad bundle is refused line by line with nothing written; the example is imported, the
command saying when every service has handled it; the status report as of three past dates
states the figures the bundle's files imply (computed here from the files); and a second
import changes nothing and publishes nothing."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from harness.broker import private_vhost
from harness.system import running_system
from shared.config import REPO_ROOT

BUNDLE = REPO_ROOT / "deploy" / "data" / "history-example"
STAGES = ("waiting_for_nominations", "preliminary_consultation", "self_assessment",
          "written_feedback", "list_of_observations", "summary", "completed")
#: group 1 under way, group 2 not drawn; both under way; both under way and group 3 drawn,
#: to come
AS_OF = (dt.date(2021, 3, 31), dt.date(2021, 12, 31), dt.date(2022, 9, 30))


@pytest.fixture(scope="module")
def system(tmp_path_factory):
    with private_vhost() as amqp_url, running_system(
            "sqlite", tmp_path_factory.mktemp("history"), amqp_url) as running:
        yield running


def import_history(system, bundle: Path) -> subprocess.CompletedProcess:
    env = {**system.env, "REVMOD_TOKEN": system.token("secretariat"),
           **{f"{s.upper()}_URL": url for s, url in system.urls.items()}}
    return subprocess.run([sys.executable, "-m", "deploy.import_history", str(bundle)],
                          cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=600)


def rows(name: str) -> list[dict]:
    with (BUNDLE / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def day(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def expected_report(as_of: dt.date) -> dict:
    """What the bundle says of the mechanism on `as_of`."""
    drawn = [r for r in rows("draws.csv") if day(r["drawn_on"]) <= as_of]
    group_of = {r["state_under_review"]: int(r["group_number"]) for r in drawn}
    stage_of = dict.fromkeys(group_of, "waiting_for_nominations")
    for change in sorted(rows("stages.csv"), key=lambda r: r["on"]):
        if day(change["on"]) <= as_of:
            stage_of[change["state_under_review"]] = change["to_stage"]
    held = [c for c in rows("consultations.csv") if day(c["held_on"]) <= as_of]
    groups = {}
    for number in sorted(set(group_of.values())):
        reviews = [s for s, g in group_of.items() if g == number]
        stages = Counter(stage_of[s] for s in reviews)
        in_group = [c for c in held if group_of[c["state_under_review"]] == number]
        groups[number] = {
            "reviews": len(reviews),
            "stages": {stage: stages[stage] for stage in STAGES},
            "consultations": (len(in_group),
                              sum(c["languages_agreed"] == "no" for c in in_group))}
    repetitions = [r for r in rows("repetitions.csv") if day(r["repeated_on"]) <= as_of]
    return {"draws": sorted(Counter(int(r["group_number"]) for r in drawn).items()),
            "repetitions": len(repetitions), "groups": groups}


def report_figures(system, as_of: dt.date) -> dict:
    answer = system.http.get(f"{system.urls['reviews']}/reports/status",
                             params={"as_of": as_of.isoformat()}, timeout=30)
    assert answer.status_code == 200, answer.text
    report = answer.json()
    return {"draws": sorted((d["group_number"], d["reviews"]) for d in report["lots"]["draws"]),
            "repetitions": report["lots"]["repetitions"]["granted"],
            "groups": {g["group_number"]: {
                "reviews": g["reviews"],
                "stages": {stage: g["stages"][stage] for stage in STAGES},
                "consultations": (g["consultations"]["reviews"],
                                  g["consultations"]["without_agreement"])}
                for g in report["groups"] if g["reviews"]}}


def snapshot(system) -> dict:
    """What the services hold of the history, to compare before and after a second import."""
    http, urls = system.http, system.urls
    return {
        "reviews": http.get(f"{urls['reviews']}/reviews?page_size=100", timeout=10).json(),
        "nominations": http.get(f"{urls['nominations']}/nominations?page_size=100",
                                timeout=10).json(),
        "groups": http.get(f"{urls['lots']}/groups?page_size=100", timeout=10).json(),
        "messages": http.get(f"{urls['notifications']}/messages?page_size=100",
                             timeout=10).json()}


def refused_bundle(tmp_path: Path) -> tuple[Path, str]:
    """The example with a Convention date in the future on its first party's line."""
    bad = tmp_path / "bad"
    shutil.copytree(BUNDLE, bad)
    lines = (bad / "parties.csv").read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(",")
    cells[4] = "2099-01-01"  # convention_on
    lines[1] = ",".join(cells)
    (bad / "parties.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return bad, cells[0]


def test_the_history_is_refused_line_by_line_imported_once_and_reported_as_of_any_day(
        system, tmp_path):
    """One test, in order on one system: the suite's workers share no module's system."""
    lots = system.urls["lots"]
    bad, code = refused_bundle(tmp_path)
    before = system.http.get(f"{lots}/states/{code}", timeout=10).json()
    done = import_history(system, bad)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "parties.csv, line 2, convention_on:" in done.stdout
    assert "nothing after this part was sent" in done.stdout
    assert "Every service has handled the import" not in done.stdout
    assert system.http.get(f"{lots}/states/{code}", timeout=10).json() == before

    done = import_history(system, BUNDLE)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1].startswith("Every service has handled the import")
    for as_of in AS_OF:
        assert report_figures(system, as_of) == expected_report(as_of), as_of

    # the same bundle again: nothing changes, nothing is published
    before = snapshot(system)
    done = import_history(system, BUNDLE)
    assert done.returncode == 0, done.stdout + done.stderr
    handled = [line for line in done.stdout.splitlines() if "handled everywhere:" in line]
    assert len(handled) == 3 and all("handled everywhere: 0 event(s)" in h for h in handled)
    assert snapshot(system) == before
