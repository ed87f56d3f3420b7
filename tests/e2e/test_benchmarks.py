"""The benchmarks that start the whole system run end to end on a tiny load and print every
figure they promise, as numbers: so they cannot rot between the runs that measure. Speed is
never asserted here; only that nothing was lost, which is not a matter of speed."""

from __future__ import annotations

from tests.support.benchmarks import figures_of


def test_event_path_benchmark_prints_its_latencies_and_baseline_when_run_small():
    figures = figures_of("event_path.py", "--changes", "20", "--reviews", "6")
    stem = "stage_change_to_mail"
    assert {f"{stem}_p50", f"{stem}_p99", f"{stem}_p50_baseline", f"{stem}_p99_baseline",
            f"{stem}_p50_ratio"} <= set(figures)
    assert figures["changes"] == 20


def test_sustained_benchmark_loses_nothing_and_prints_its_backlog_when_run_short():
    figures = figures_of("sustained.py", "--seconds", "10", "--reviews", "6")
    assert {"events_per_second", "events_offered_per_second", "max_queue_depth", "backlog_growth",
            "backlog_growth_beyond_noise", "max_depth_notifications_events",
            "max_unsent_outbox_reviews"} <= set(figures)
    assert figures["events_caused"] > 0 and figures["mails_accepted"] > 0
    assert figures["deliveries_missing"] == 0 and figures["mails_missing"] == 0
    assert figures["mails_duplicated"] == 0


def test_api_benchmark_prints_its_cached_and_mixed_figures_beside_the_baseline_when_run_small():
    figures = figures_of("api.py", "--rounds", "1", "--seconds", "1", "--reviews", "6")
    for stem in ("reviews_list", "mixed"):
        assert {f"{stem}_rps", f"{stem}_rps_baseline", f"{stem}_rps_ratio", f"{stem}_p50",
                f"{stem}_p95", f"{stem}_p50_baseline", f"{stem}_p95_baseline"} <= set(figures)
    assert figures["mixed_writes"] > 0
    assert figures["mixed_requests"] >= 20 * figures["mixed_writes"]


def test_history_import_benchmark_prints_its_time_beside_the_baseline_when_run_small():
    figures = figures_of("history_import.py", "--size", "4", "--send-backs", "1",
                         "--experts", "1,1", "--backend", "sqlite")
    stem = "import_until_handled"
    parts = {f"{s}_part_until_handled" for s in ("lots", "nominations", "reviews")}
    assert {stem, f"{stem}_baseline", f"{stem}_ratio", "persons", "stage_changes", "rows",
            *parts} <= set(figures)
    assert figures["reviews"] == 12 and figures["events"] > 0
    assert figures["letters_sent"] == 0  # all of it is history


def test_portal_benchmark_prints_each_main_page_beside_its_api_when_run_small():
    figures = figures_of("portal.py", "--size", "6", "--rounds", "1", "--seconds", "0.5")
    for page in ("overview", "reviews", "review", "draws", "draw", "missing", "questionnaire",
                 "question", "observations", "summary", "home_focal_point", "trends",
                 "surveys"):
        assert {f"{page}_p50", f"{page}_p99", f"{page}_p50_baseline", f"{page}_p99_baseline",
                f"{page}_p99_ratio", f"{page}_bytes"} <= set(figures)
        assert figures[f"{page}_requests"] > 0
    assert figures["reviews_seeded"] == 6
