"""Benchmark: a read endpoint with token check and database (the reviews list, 50 items)
under 16 concurrent keep-alive connections, against a bare Flask endpoint served by
gunicorn the same way, in the same run.

    .venv/bin/python bench/api.py

Both servers run `gunicorn -k gthread -w 2 --threads 4`; the load comes from 16 client
threads on the same 2-core machine, so the absolute numbers are the machine's, and the
ratio is the figure to watch. The machine is shared: the two are measured in alternating
rounds, so that whatever else runs meanwhile slows both alike.
"""

from __future__ import annotations

import datetime as dt
import http.client
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from services.reviews.handlers import schedule_drawn_reviews
from services.reviews.settings import Settings
from shared.auth import JwtConfig, issue
from shared.clock import SystemClock
from shared.context import bootstrap
from shared.events import decode, encode, new_event
from shared.migrate import upgrade

ROOT = Path(__file__).resolve().parent.parent
CONNECTIONS = 16
ROUNDS = 4
SECONDS_PER_ROUND = 2.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def seed(database_url: str) -> None:
    """200 reviews, through the same handler the consumer runs on LotsDrawn."""
    ctx = bootstrap(Settings(service="reviews", database_url=database_url), SystemClock())
    upgrade("reviews", ctx.engine)
    codes = [f"{a}{b}{c}" for a in "ABCDEFGH" for b in "QRSTU" for c in "XYZWV"][:200]
    drawn = new_event("LotsDrawn", {
        "draw_id": 1, "group_id": 1, "group_number": 1, "starts_on": dt.date(2020, 12, 1),
        "phase": 1, "cluster": 1,
        "reviews": [{"state_under_review": c, "reviewing_states": [codes[i - 1], codes[i - 2]]}
                    for i, c in enumerate(codes)],
    }, dt.datetime.now(dt.UTC))
    with ctx.session_factory() as session:
        schedule_drawn_reviews(session, decode(encode(drawn)), ctx)  # as the consumer hands it
        session.commit()
    ctx.engine.dispose()


def serve(app_spec: str, port: int, env: dict) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-k", "gthread", "-w", "2", "--threads", "4",
         "-b", f"127.0.0.1:{port}", "--log-level", "warning", "--no-control-socket",
         app_spec], cwd=ROOT, env=env)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"{app_spec} did not start")


def load(port: int, path: str, headers: dict) -> tuple[int, float, list[float]]:
    """One round: requests answered, seconds taken, and each request's latency."""
    latencies: list[float] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + SECONDS_PER_ROUND

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine = []
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            conn.request("GET", path, headers=headers)
            answer = conn.getresponse()
            answer.read()
            if answer.status != 200:
                raise RuntimeError(f"{path} answered {answer.status}")
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(CONNECTIONS)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return len(latencies), time.monotonic() - started, latencies


def alternate(*targets: tuple) -> list[tuple[float, list[float]]]:
    """Each target's throughput and latencies over ROUNDS rounds, taken in turn."""
    for target in targets:
        load(*target)  # warm up
    rounds = [[load(*target) for target in targets] for _ in range(ROUNDS)]
    results = []
    for i in range(len(targets)):
        mine = [each[i] for each in rounds]
        results.append((sum(m[0] for m in mine) / sum(m[1] for m in mine),
                        [latency for m in mine for latency in m[2]]))
    return results


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98]


def main() -> None:
    secret = secrets.token_hex(32)
    token = issue(JwtConfig("HS256", secret, signing_key=secret), subject="bench",
                  role="secretariat")
    with tempfile.TemporaryDirectory() as tmp:
        database_url = f"sqlite:///{tmp}/reviews.db"
        seed(database_url)
        env = {**os.environ, "REVIEWS_DATABASE_URL": database_url, "JWT_SECRET": secret}
        ports = free_port(), free_port()
        servers = [serve("services.reviews.app:create_app()", ports[0], env),
                   serve("bench.bare_app:create_app()", ports[1], env)]
        try:
            headers = {"Authorization": f"Bearer {token}"}
            (rps, lat), (base_rps, base_lat) = alternate(
                (ports[0], "/reviews?page_size=50", headers), (ports[1], "/reviews", {}))
        finally:
            for server in servers:
                server.terminate()
                server.wait(timeout=20)
    print(f"BENCH api reviews_list_rps {rps:.0f} req/s")
    print(f"BENCH api reviews_list_rps_baseline {base_rps:.0f} req/s")
    print(f"BENCH api reviews_list_rps_ratio {rps / base_rps:.2f} x target >= 0.5")
    print(f"BENCH api reviews_list_p99 {p99(lat) * 1000:.1f} ms target <= 50")
    print(f"BENCH api reviews_list_p99_baseline {p99(base_lat) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
