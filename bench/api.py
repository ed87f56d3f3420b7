"""Benchmark: the services' read endpoints under 16 concurrent keep-alive connections,
against a bare Flask endpoint served by gunicorn the same way, in the same run.

    .venv/bin/python bench/api.py [--rounds 4] [--seconds 2] [--reviews 24]

Two workloads, each against the same bare endpoint (bench/bare_app.py, a fixed 50-item
list, no token, no database):
- cached: the reviews list, 50 items, the same page again and again (200 reviews in a SQLite
  file, one reviews server). Its page cache answers almost every request: this is the
  reviews list as a poller sees it.
- mixed: the whole system as `make run` starts it (bench/whole_system.py), lots drawn for a
  group and its reviews started, and reads of every service's main lists and documents with
  varied filters and pages, one change for every twenty reads (bench/api_mix.py): a
  secretariat browsing. The page cache can answer few of these.

The servers run `gunicorn -k gthread -w 2 --threads 4` (the mixed workload's four services
each so); the load comes from 16 client threads on the same 2-core machine (bench/
closed_loop.py), so the absolute numbers are the machine's and the ratio is the figure to
watch. The targets are loaded in alternating rounds, so that whatever else runs meanwhile
slows them alike.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.api_mix import MixedWorkload  # noqa: E402
from bench.closed_loop import Figures, Fixed, alternate, free_port, percentile_ms, serve  # noqa: E402
from bench.review_stages import started_reviews  # noqa: E402
from bench.whole_system import bench_system, print_machine  # noqa: E402
from harness.keys import run_keys, signer_of  # noqa: E402
from services.reviews.bootstrap import MIGRATIONS as REVIEWS_MIGRATIONS  # noqa: E402
from services.reviews.bootstrap import bootstrap  # noqa: E402
from services.reviews.handlers.events import schedule_drawn_reviews  # noqa: E402
from services.reviews.settings import Settings  # noqa: E402
from shared.auth.jwt import issue  # noqa: E402
from shared.clock import SystemClock  # noqa: E402
from shared.db.migrate import upgrade  # noqa: E402
from shared.events import decode, encode, new_event  # noqa: E402

NAME = "BENCH api"


def seed(database_url: str) -> None:
    """200 reviews, through the same handler the consumer runs on LotsDrawn."""
    ctx = bootstrap(Settings(service="reviews", database_url=database_url), SystemClock())
    upgrade(REVIEWS_MIGRATIONS, ctx.engine)
    codes = [f"{a}{b}{c}" for a in "ABCDEFGH" for b in "QRSTU" for c in "XYZWV"][:200]
    drawn = new_event("LotsDrawn", {
        "draw_id": 1, "group_id": 1, "group_number": 1, "starts_on": dt.date(2020, 12, 1),
        "phase": 1, "cluster": 1,
        "reviews": [{"state_under_review": c, "reviewing_states": [codes[i - 1], codes[i - 2]]}
                    for i, c in enumerate(codes)],
    }, dt.datetime.now(dt.UTC))
    with ctx.uow() as uow:
        schedule_drawn_reviews(ctx, uow, decode(encode(drawn)))  # as the consumer hands it
    ctx.engine.dispose()


def cached(args, bare: Fixed, directory: str) -> tuple[Figures, Figures]:
    """The same reviews page again and again, and the bare endpoint, in turn."""
    keys = run_keys()
    token = issue(signer_of(keys), subject="bench", role="secretariat")
    database_url = f"sqlite:///{directory}/reviews.db"
    seed(database_url)
    env = {**os.environ, "REVIEWS_DATABASE_URL": database_url, **keys}
    port = free_port()
    server = serve("services.reviews.app:create_app()", port, env)
    try:
        return tuple(alternate([
            (Fixed(port, "/reviews?page_size=50", "reviews_list"),
             {"Authorization": f"Bearer {token}"}),
            (bare, {})], args.rounds, args.seconds))
    finally:
        server.terminate()
        server.wait(timeout=20)


def mixed(args, bare: Fixed) -> tuple[Figures, Figures, MixedWorkload]:
    """A secretariat browsing the whole system, and the bare endpoint, in turn."""
    with bench_system("sqlite") as (system, sink):
        reviews, focal_points = started_reviews(system, args.reviews)
        sink.settle()  # the letters of the draw and of the starts are out of the way
        workload = MixedWorkload(system, reviews, focal_points)
        auth = {"Authorization": f"Bearer {system.token('secretariat')}"}
        figures, baseline = alternate([(workload, auth), (bare, {})], args.rounds,
                                      args.seconds)
    return figures, baseline, workload


def report(stem: str, figures: Figures, baseline: Figures, targets: dict[str, str]) -> None:
    """Throughput and latencies, each beside the bare endpoint's, and their ratio."""
    rps, base_rps = figures.throughput(), baseline.throughput()
    print(f"{NAME} {stem}_rps {rps:.0f} req/s{targets.get('rps', '')}")
    print(f"{NAME} {stem}_rps_baseline {base_rps:.0f} req/s")
    print(f"{NAME} {stem}_rps_ratio {rps / base_rps:.2f} x{targets.get('ratio', '')}")
    for p in (50, 95, 99):
        print(f"{NAME} {stem}_p{p} {percentile_ms(figures.all(), p):.1f} ms"
              f"{targets.get(f'p{p}', '')}")
        print(f"{NAME} {stem}_p{p}_baseline {percentile_ms(baseline.all(), p):.1f} ms")


def report_mix(figures: Figures, workload: MixedWorkload) -> None:
    for kind, latencies in sorted(figures.latencies.items()):
        if len(latencies) >= 2:
            print(f"{NAME} mixed_{kind}_p50 {percentile_ms(latencies, 50):.1f} ms")
    lists = len(figures.latencies["reviews_list"])
    print(f"{NAME} mixed_requests {len(figures.all())} requests")
    print(f"{NAME} mixed_writes {len(figures.latencies['write'])} requests")
    print(f"{NAME} mixed_distinct_paths {len(workload.paths)} paths")
    # at most: a page is kept per web process, and two serve the reviews
    share = 100 * workload.could_be_cached / max(1, workload.sent)
    print(f"{NAME} mixed_page_cache_could_answer {share:.1f} %")
    print(f"{NAME} mixed_reviews_lists {lists} requests")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=2.0, help="of each round")
    parser.add_argument("--reviews", type=int, default=24,
                        help="of the mixed workload's system; fewer set up faster")
    args = parser.parse_args(argv)
    port = free_port()
    bare_server = serve("bench.bare_app:create_app()", port, dict(os.environ))
    bare = Fixed(port, "/reviews", "bare")
    try:
        with tempfile.TemporaryDirectory(prefix="revmod-bench-api-") as tmp:
            poller, poller_base = cached(args, bare, tmp)
        browsing, browsing_base, workload = mixed(args, bare)
    finally:
        bare_server.terminate()
        bare_server.wait(timeout=20)
    report("reviews_list", poller, poller_base,
           {"ratio": " target >= 0.5", "p99": " target <= 50"})
    report("mixed", browsing, browsing_base, {})
    report_mix(browsing, workload)
    print_machine("api")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
