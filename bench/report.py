"""Benchmark: the status report for 200 and for 20,000 country reviews with their stage
histories, consultations and focal points, built directly in a temporary SQLite database.

    .venv/bin/python bench/report.py

The nomination figures come over HTTP from a small local server standing in for the
nominations service, as in production. Each figure is the best of a few runs of the whole
report (read, figures, the note's wording as text). The baseline, measured in the same
run on the same database, is a plain read of every row of the tables the report reads
(reviews, stage history, focal points, consultations): what any report must at least
fetch, so that the ratio says what the report adds to it on a machine however loaded.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from sqlalchemy import insert, select

from harness.keys import run_keys
from services.reviews.adapters.draws_orm import DrawCopyRow, RepetitionCopyRow
from services.reviews.adapters.orm import (
    FocalPointRow,
    PhaseRow,
    ReviewRow,
    StageChangeRow,
)
from services.reviews.adapters.work_orm import ConsultationRow
from services.reviews.bootstrap import MIGRATIONS as REVIEWS_MIGRATIONS
from services.reviews.bootstrap import bootstrap
from services.reviews.domain import stages as s
from services.reviews.domain.report.document import as_text
from services.reviews.handlers.report import status_document, status_figures
from services.reviews.settings import Settings
from shared.db.migrate import upgrade

AS_OF = dt.date(2022, 9, 15)
STARTS = {1: dt.date(2020, 12, 1), 2: dt.date(2021, 11, 1), 3: dt.date(2022, 11, 1)}
LANGS = [["en"], ["en"], ["fr"], ["es"], ["en", "ar"], ["en", "fr"], ["ar"]]
RUNS = 5


class Figures(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - the name http.server calls
        body = json.dumps({"as_of": AS_OF.isoformat(), "groups": [
            {"group_number": g, "focal_points": 100, "experts": 500, "observers": 5,
             "states_with_observers": 3, "women_share": 0.3, "states_with_focal_point": 100,
             "states_missing_focal_point": {"under_review": 10, "reviewing": 20},
             "reviews_missing_focal_point": {"under_review": 10, "reviewing": 20}}
            for g in STARTS], "totals": {"focal_points": 300, "experts": 1500,
                                         "states_in_several_groups": 40}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def populate(ctx, n: int, seed: int = 7) -> int:
    """n reviews spread over three groups, each with a history up to a random stage."""
    rng = random.Random(seed)
    tables: dict = {ReviewRow: [], StageChangeRow: [], FocalPointRow: [], ConsultationRow: []}
    for rid in range(1, n + 1):
        for model, rows in _one_review(rid, rng, len(tables[FocalPointRow])).items():
            tables[model] += rows
    with ctx.engine.begin() as conn:
        for model, rows in tables.items():
            conn.execute(insert(model.__table__), rows)
        conn.execute(insert(PhaseRow.__table__), [
            dict(group_number=g, phase=1, cluster=1, starts_on=STARTS[g],
                 foreseen=sum(1 for r in tables[ReviewRow] if r["group_number"] == g))
            for g in STARTS])
        conn.execute(insert(DrawCopyRow.__table__), [_draw(g, tables[ReviewRow]) for g in STARTS])
        conn.execute(insert(RepetitionCopyRow.__table__), [
            _repetition(review, rng) for review in tables[ReviewRow][::50]])
    return len(tables[StageChangeRow])


def _draw(group: int, reviews: list[dict]) -> dict:
    mine = [r for r in reviews if r["group_number"] == group]
    states = {c for r in mine for c in (r["state_under_review"], *r["reviewing_states"])}
    return dict(draw_id=group, group_number=group, phase=1, starts_on=STARTS[group],
                meeting=f"IRG-{group}", drawn_on=STARTS[1] - dt.timedelta(days=8),
                reviews=len(mine), states=len(states), received_at=_noon(STARTS[1]))


def _repetition(review: dict, rng: random.Random) -> dict:
    """One in fifty reviews had a reviewing State replaced at a repetition meeting."""
    return dict(draw_id=review["draw_id"], group_number=review["group_number"], phase=1,
                state_under_review=review["state_under_review"], repetition=1,
                replaced="XXX", replacement=review["reviewing_states"][0],
                requested_by=review["state_under_review"], exceptional=rng.random() < 0.1,
                reason=None, meeting="IRG-R", repeated_on=dt.date(2021, 10, 12),
                received_at=_noon(STARTS[1]))


def _noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), dt.UTC)


def _one_review(rid: int, rng: random.Random, nominations: int) -> dict:
    """The rows of one review: groups one and two have started, group three has not."""
    group = 1 + rid % 3
    start = STARTS[group]
    created = dt.datetime.combine(start - dt.timedelta(days=10), dt.time(9), dt.UTC)
    depth = rng.choice([0, 0, 1, 2, 2, 3, 3, 4, 5, 6]) if group < 3 else 0
    codes = [f"S{rid:05d}", f"R{rid:05d}", f"T{rid:05d}"]
    review = dict(id=rid, draw_id=group, group_number=group, phase=1, cluster=1,
                  state_under_review=codes[0], reviewing_states=codes[1:], starts_on=start,
                  stage=s.STAGES[depth], stage_entered_at=created,
                  questionnaire_received_on=None, created_at=created, updated_at=created)
    history, at = [], created
    for step in range(depth + 1):
        history.append(dict(review_id=rid, from_stage=s.STAGES[step - 1] if step else None,
                            to_stage=s.STAGES[step], changed_at=at, changed_by="bench",
                            actor_state=None, reason="bench"))
        at += dt.timedelta(days=rng.randint(10, 90))
    named = codes if depth else codes[rng.randint(0, 1):2]
    focal = [dict(nomination_id=nominations + i, review_id=rid, state_code=code,
                  nominated_on=start, withdrawn_on=None, received_at=created)
             for i, code in enumerate(named)]
    consultations = [dict(
        review_id=rid, held_on=start + dt.timedelta(days=20), languages=[],
        languages_agreed=False, exceptional_reason=None, time_frames={},
        facilitated_by_secretariat=True, recorded_by="bench", actor_state=None,
        recorded_at=created, superseded_at=None,
    )] if depth == 1 and rid % 4 == 0 else []
    consultations += [dict(
        review_id=rid, held_on=start + dt.timedelta(days=30), languages=rng.choice(LANGS),
        languages_agreed=True,
        exceptional_reason=None, time_frames={}, facilitated_by_secretariat=True,
        recorded_by="bench", actor_state=None, recorded_at=created, superseded_at=None,
    )] if depth >= 2 else []
    return {ReviewRow: [review], StageChangeRow: history, FocalPointRow: focal,
            ConsultationRow: consultations}


def best_time(ctx, settings) -> float:
    times = []
    for _ in range(RUNS):
        began = time.perf_counter()
        figures = status_figures(ctx, AS_OF, ctx.nominations)
        as_text(status_document(figures, settings.phase_clusters))
        times.append(time.perf_counter() - began)
    assert figures["nominations"]["available"], figures["nominations"]
    return min(times)


def baseline_time(ctx) -> float:
    times = []
    for _ in range(RUNS):
        began = time.perf_counter()
        with ctx.engine.connect() as conn:
            for model in (ReviewRow, StageChangeRow, FocalPointRow, ConsultationRow):
                conn.execute(select(model.__table__)).all()
        times.append(time.perf_counter() - began)
    return min(times)


def measure(n: int, directory: Path, url: str) -> tuple[float, float, int]:
    settings = Settings(service="reviews", database_url=f"sqlite:///{directory}/r{n}.db",
                        nominations_url=url)
    ctx = bootstrap(settings)
    try:
        upgrade(REVIEWS_MIGRATIONS, ctx.engine)
        rows = populate(ctx, n)
        return best_time(ctx, settings), baseline_time(ctx), rows
    finally:
        ctx.engine.dispose()


def main() -> int:
    # the report signs a service token to ask for the figures: a key for this run only
    os.environ.update(run_keys())
    server = ThreadingHTTPServer(("127.0.0.1", 0), Figures)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with tempfile.TemporaryDirectory(prefix="revmod-bench-report-") as tmp:
            for n, target in ((200, 0.1), (20_000, 2.0)):
                seconds, baseline, rows = measure(n, Path(tmp), url)
                print(f"BENCH report history_rows_{n}_reviews {rows} rows")
                print(f"BENCH report status_{n}_reviews {seconds:.4f} s target <= {target}")
                print(f"BENCH report status_{n}_reviews_baseline {baseline:.4f} s")
                print(f"BENCH report status_{n}_reviews_ratio {seconds / baseline:.1f} x")
    finally:
        server.shutdown()
        server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
