"""Benchmark of the technical assistance survey's results: `.venv/bin/python bench/survey.py
[--backend sqlite|postgres]`.

A survey of ten questions (single choice, multiple choice, free text) opened to 190 States
of the five regional groups; five respondents of each State answer in turn, each answer
replacing the one before (950 answers, 190 in force). Figures (each the median of runs):
- results_190_states: GET /surveys/1/results through the app (the token checked, the answers
  in force read, the figures per question, option and regional group worked out with their
  suppression and sentences, the JSON written);
- results_190_states_baseline: the same counts by one SQL query (per question, option and
  regional group over the answers in force: adapters/results_baseline.py), and the ratio.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from harness.databases import database  # noqa: E402
from harness.keys import run_keys  # noqa: E402

GROUPS = ("african", "asia_pacific", "eastern_european", "latin_american_caribbean",
          "western_european_others")
STATES, RESPONDENTS, RUNS = 190, 5, 15
TARGET = 0.2
NOW = dt.datetime(2021, 1, 11, 9, tzinfo=dt.UTC)


def questions() -> list[dict]:
    choice = [{"label": f"Need {i}", "statement": f"requested assistance on topic {i}"}
              for i in range(6)]
    found = []
    for n in range(10):
        kind = ("single", "multiple", "text")[n % 3]
        found.append({"kind": kind, "text": f"Question {n}",
                      "options": [] if kind == "text" else choice})
    return found


def populate(ctx, states: int, respondents: int) -> int:
    from services.survey.handlers.answers import answer_survey
    from services.survey.handlers.copies import event_handlers
    from services.survey.handlers.surveys import define_survey, open_survey
    from shared.events import new_event

    codes = [f"{chr(65 + i // 26 // 26 % 26)}{chr(65 + i // 26 % 26)}{chr(65 + i % 26)}"
             for i in range(states)]
    record = event_handlers(ctx)["StatePartyRegistered"]
    with ctx.uow() as uow:
        for i, code in enumerate(codes):
            record(uow, new_event("StatePartyRegistered", {
                "code": code, "name": f"State {code}", "legal_system": None,
                "instruments": ["convention"], "regional_group": GROUPS[i % len(GROUPS)]},
                NOW))
    survey_id = define_survey(ctx, "Technical assistance needs", "", questions())
    open_survey(ctx, survey_id, codes, dt.date(2021, 2, 26))
    from services.survey.adapters.queries import questions_of, survey_of
    with ctx.session_factory() as session:
        asked = questions_of(survey_of(session, survey_id))
    for turn in range(respondents):
        for i, code in enumerate(codes):
            given = [_part(q, i + turn) for q in asked]
            answer_survey(ctx, survey_id, code, given, respondent=f"r{turn}", role="expert")
    return survey_id


def _part(question, seed: int):
    from services.survey.domain.questions import Given
    if question.kind == "text":
        return Given(question.id, (), "training for the country visit")
    options = [o.id for o in question.options]
    if question.kind == "single":
        return Given(question.id, (options[seed % len(options)],))
    return Given(question.id, tuple(options[: 1 + seed % len(options)]))


def timed(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--states", type=int, default=STATES)
    parser.add_argument("--respondents", type=int, default=RESPONDENTS)
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args()
    backend = args.backend
    os.environ.update(run_keys())
    from services.survey.adapters.results_baseline import choice_counts
    from services.survey.app import create_app
    from services.survey.bootstrap import migrate
    from services.survey.settings import Settings
    from shared.auth.jwt import issue
    from shared.clock import FixedClock
    from shared.config import token_signer_from_env

    with tempfile.TemporaryDirectory() as directory, database(backend, Path(directory)) as url:
        app = create_app(Settings(service="survey", database_url=url), FixedClock(NOW))
        ctx = app.extensions["revmod"]
        migrate(ctx)
        survey_id = populate(ctx, args.states, args.respondents)
        token = issue(token_signer_from_env(), subject="bench", role="secretariat")
        client, headers = app.test_client(), {"Authorization": f"Bearer {token}"}

        def results():
            answer = client.get(f"/surveys/{survey_id}/results", headers=headers)
            assert answer.status_code == 200, answer.get_data(as_text=True)

        def baseline():
            with ctx.session_factory() as session:
                assert choice_counts(session, survey_id, NOW.date())

        results()  # the first request builds what the app keeps (schemas, the key set)
        seconds, base = timed(results, args.runs), timed(baseline, args.runs)
        ctx.engine.dispose()
    name = f"results_{args.states}_states" + ("_postgres" if backend == "postgres" else "")
    print(f"BENCH survey {name} {seconds:.4f} s target <= {TARGET}")
    print(f"BENCH survey {name}_baseline {base:.4f} s")
    print(f"BENCH survey {name}_ratio {seconds / base:.1f} x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
