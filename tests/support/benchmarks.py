"""Running a benchmark script on a tiny load and reading the figures it prints: so that the
benchmarks cannot rot between the runs that measure."""

from __future__ import annotations

import re
import subprocess
import sys

from shared.config import REPO_ROOT

BENCH_LINE = re.compile(r"BENCH (\w+) (\w+) (-?\d+(?:\.\d+)?) \S+(?: target (?:<=|>=) \S+)?")


def figures_of(script: str, *args: str) -> dict[str, float]:
    done = subprocess.run([sys.executable, f"bench/{script}", *args], cwd=REPO_ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    lines = [line for line in done.stdout.splitlines() if line.startswith("BENCH ")]
    for line in lines:
        assert BENCH_LINE.fullmatch(line), line
    return {m[2]: float(m[3]) for m in map(BENCH_LINE.fullmatch, lines)}
