"""The example history bundle (deploy/data/history-example/) imported into a fresh system with
the one command, `python -m deploy.import_history`, as on a clean clone after `make run`:
a bad bundle is refused line by line with nothing written."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from harness.broker import private_vhost
from harness.system import running_system
from shared.config import REPO_ROOT

BUNDLE = REPO_ROOT / "deploy" / "data" / "history-example"


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


def test_a_bad_bundle_is_refused_line_by_line_and_nothing_of_it_written(system, tmp_path):
    bad = tmp_path / "bad"
    shutil.copytree(BUNDLE, bad)
    lines = (bad / "parties.csv").read_text(encoding="utf-8").splitlines()
    code = lines[1].split(",")[0]
    lines[1] = lines[1].replace(lines[1].split(",")[4], "2099-01-01")  # convention_on
    (bad / "parties.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = system.http.get(f"{system.urls['lots']}/states/{code}", timeout=10).json()

    done = import_history(system, bad)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "parties.csv, line 2, convention_on:" in done.stdout
    assert "nothing after this part was sent" in done.stdout
    assert "Every service has handled the import" not in done.stdout
    after = system.http.get(f"{system.urls['lots']}/states/{code}", timeout=10).json()
    assert after == before
