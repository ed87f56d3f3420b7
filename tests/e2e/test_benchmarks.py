"""The benchmarks that start the whole system run end to end on a tiny load and print every
figure they promise, as numbers: so they cannot rot between the runs that measure. Speed is
never asserted here; only that nothing was lost, which is not a matter of speed."""

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


def test_event_path_benchmark_prints_its_latencies_and_baseline_when_run_small():
    figures = figures_of("event_path.py", "--changes", "20", "--reviews", "6")
    stem = "stage_change_to_mail"
    assert {f"{stem}_p50", f"{stem}_p99", f"{stem}_p50_baseline", f"{stem}_p99_baseline",
            f"{stem}_p50_ratio"} <= set(figures)
    assert figures["changes"] == 20


def test_sustained_benchmark_loses_nothing_and_prints_its_backlog_when_run_short():
    figures = figures_of("sustained.py", "--seconds", "10", "--reviews", "6")
    assert {"events_per_second", "max_queue_depth", "backlog_growth",
            "backlog_growth_beyond_noise", "max_depth_notifications_events",
            "max_unsent_outbox_reviews"} <= set(figures)
    assert figures["events_caused"] > 0 and figures["mails_accepted"] > 0
    assert figures["deliveries_missing"] == 0 and figures["mails_missing"] == 0
    assert figures["mails_duplicated"] == 0
