"""Benchmark of the history import: `.venv/bin/python bench/history_import.py`.

A made-up history of the whole mechanism (deploy/history_example.py's, bigger: three groups
of 63, so 189 reviews of the 190 parties taking part, about 1,000 persons nominated and
2,000 stage changes, every review sent back and forward a few times), imported into a fresh
system (on PostgreSQL unless --backend sqlite) with the one command's code
(deploy/import_history.py) until every service has handled it (GET /events/handled says so
after each part).

Figures:
- import_until_handled: from the first part sent to the last part handled everywhere, and
  each service's part from its sending to its events handled everywhere;
- import_until_handled_baseline: the same rows, one table per file, written by plain
  INSERTs (one transaction per file) into a fresh database on the same server, in the same
  run; and the ratio of the two;
- the size of the history: reviews, persons, stage_changes, rows, the events the import
  caused, and the letters sent (none should be: it is all history).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import io
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import Column, MetaData, Table, Text, insert  # noqa: E402

from bench.whole_system import bench_system, print_machine  # noqa: E402
from deploy.history_example import GROUPS, Shape, build, write  # noqa: E402
from deploy.import_history import Importer  # noqa: E402
from harness.databases import database  # noqa: E402
from shared.db.engine import make_engine  # noqa: E402

TARGET_SECONDS = 60


def history(size: int, send_backs: int, experts: tuple[int, int]) -> dict[str, list[dict]]:
    """The example's groups with `size` States each, every group under way (nothing after
    yesterday), no review waiting for a focal point."""
    groups = tuple(dataclasses.replace(g, size=size) for g in GROUPS)
    return build(random.Random(18), Shape(
        groups=groups, exported_on=dt.date.today() - dt.timedelta(days=1), lacking_every=0,
        experts_per_review=experts, send_backs=send_backs))


def timed_import(bundle: Path, backend: str) -> tuple[float, Importer, int]:
    """Seconds until every service has handled the whole import, the importer (its events
    and each part's seconds), and the letters sent (none: it is all history)."""
    out = io.StringIO()
    with bench_system(backend) as (system, sink):
        importer = Importer(system.urls, system.token("secretariat"), timeout=600, out=out)
        started = time.perf_counter()
        status = importer.run(bundle)
        seconds = time.perf_counter() - started
        letters = sink.received()
    if status != 0:
        raise SystemExit(f"the import did not complete:\n{out.getvalue()}")
    return seconds, importer, letters


def timed_inserts(files: dict[str, list[dict]], backend: str, tmp: Path) -> float:
    """Seconds to write the same rows with plain INSERTs, one table per file."""
    with database(backend, tmp) as url:
        engine = make_engine(url)
        metadata = MetaData()
        tables = {name: Table(name, metadata, *(Column(c, Text) for c in rows[0]))
                  for name, rows in files.items()}
        metadata.create_all(engine)
        started = time.perf_counter()
        for name, rows in files.items():
            with engine.begin() as conn:
                conn.execute(insert(tables[name]), [{k: str(v) for k, v in r.items()}
                                                    for r in rows])
        seconds = time.perf_counter() - started
        engine.dispose()
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=63, help="States under review per group")
    parser.add_argument("--send-backs", type=int, default=4,
                        help="times each review goes back to the self-assessment")
    parser.add_argument("--experts", default="3,4", help="fewest,most experts per review")
    parser.add_argument("--backend", default="postgres", choices=("postgres", "sqlite"))
    args = parser.parse_args()
    low, high = map(int, args.experts.split(","))
    files = history(args.size, args.send_backs, (low, high))
    with tempfile.TemporaryDirectory(prefix="bench-history-") as tmp:
        bundle = Path(tmp) / "bundle"
        write(files, bundle)
        seconds, importer, letters = timed_import(bundle, args.backend)
        baseline = timed_inserts(files, args.backend, Path(tmp))
    area = "history_import"
    print(f"BENCH {area} import_until_handled {seconds:.1f} s target <= {TARGET_SECONDS}")
    print(f"BENCH {area} import_until_handled_baseline {baseline:.3f} s")
    print(f"BENCH {area} import_until_handled_ratio {seconds / baseline:.0f} x")
    print(f"BENCH {area} reviews {len(files['draws'])} count")
    print(f"BENCH {area} persons {len({n['email'] for n in files['nominations']})} count")
    print(f"BENCH {area} stage_changes {len(files['stages'])} count")
    print(f"BENCH {area} rows {sum(map(len, files.values()))} count")
    for service, part_seconds in importer.seconds.items():
        print(f"BENCH {area} {service}_part_until_handled {part_seconds:.1f} s")
    print(f"BENCH {area} events {importer.events} count")
    print(f"BENCH {area} letters_sent {letters} count")
    print_machine(area)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
