"""CI draws the same Hypothesis examples on every run; a developer's run draws new ones."""

from __future__ import annotations

import os
import subprocess
import sys

from shared.config import REPO_ROOT

SHOW_PROFILE = ("import tests.conftest; from hypothesis import settings; "
                "d = settings.default; print(d.derandomize, d.database, d.max_examples)")


def loaded_profile(**env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k != "CI"}
    done = subprocess.run([sys.executable, "-c", SHOW_PROFILE], cwd=REPO_ROOT,
                          env={**clean, **env}, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_examples_are_the_same_on_every_run_when_ci_is_true():
    assert loaded_profile(CI="true") == "True None 100"


def test_examples_are_drawn_anew_when_not_on_ci():
    derandomize, database = loaded_profile().split(" ", 1)
    assert derandomize == "False" and database != "None"
