"""The architecture as the code keeps it: the import contracts of pyproject.toml (run with
import-linter, as `make lint` does) and one layout for every service."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: what a service holds (STYLE.md, "This project's shape"); templates, static files, data
#: files and the portal's translations may sit beside them
LAYOUT = {"__init__.py", "app.py", "settings.py", "bootstrap.py", "api", "handlers", "domain",
          "adapters", "worker.py", "cli.py", "migrations"}
#: the portal has no database, no queue and no commands: pages over the four services' APIs
PORTAL_LAYOUT = {"__init__.py", "app.py", "settings.py", "bootstrap.py", "pages", "domain",
                 "adapters"}
RESOURCES = {"templates", "static", "data", "translations", "__pycache__"}


def test_every_import_contract_holds_when_the_linter_reads_the_code():
    linter = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(linter), "--no-cache"], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]


@pytest.mark.parametrize("service", ["lots", "nominations", "notifications", "reviews",
                                     "accounts", "survey"])
def test_a_service_holds_the_one_layout_when_its_folder_is_listed(service):
    held = {p.name for p in (ROOT / "services" / service).iterdir()} - RESOURCES
    assert held == LAYOUT


def test_the_portal_holds_its_part_of_the_layout_when_its_folder_is_listed():
    held = {p.name for p in (ROOT / "services" / "portal").iterdir()} - RESOURCES
    assert held == PORTAL_LAYOUT
