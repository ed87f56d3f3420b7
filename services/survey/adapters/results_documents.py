"""A survey's results as of a day, as the API hands them out: JSON, CSV (one line per
question, option and regional group) and a printable HTML document in the note's words."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from services.survey.adapters.queries import invited_states, questions_of, replies_as_of, survey_of
from services.survey.domain.results import per_cent_text, tally
from shared.web.csv_export import csv_text

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
CSV_HEADER = ("question_id", "question", "option_id", "option", "regional_group",
              "states_answered", "states", "per_cent")


def results_as_of(session_factory, survey_id: int, as_of: dt.date) -> dict:
    with session_factory() as session:
        survey = survey_of(session, survey_id)
        figures = tally(questions_of(survey), replies_as_of(session, survey_id, as_of))
        return {"survey_id": survey.id, "title": survey.title, "status": survey.status,
                "deadline": survey.deadline, "as_of": as_of,
                "states_invited": len(invited_states(session, survey_id)), **figures}


def _lines(question: dict, group: str, figures: dict):
    if question["kind"] == "text":
        yield [question["question_id"], question["text"], "", "", group,
               figures["states_answered"], "", ""]
        return
    labels = {o["option_id"]: o["label"] for o in question["options"]}
    for o in figures["options"]:
        yield [question["question_id"], question["text"], o["option_id"], labels[o["option_id"]],
               group, figures["states_answered"], o["states"],
               "" if o["per_cent"] is None else per_cent_text(o["per_cent"])]


def to_csv(results: dict) -> str:
    """Hidden figures (drawn from fewer than three States) are empty cells."""
    rows = []
    for q in results["questions"]:
        rows += _lines(q, "all", q)
        for g in q["by_regional_group"]:
            rows += _lines(q, g["regional_group"], g)
    return csv_text(CSV_HEADER, [["" if c is None else c for c in row] for row in rows])


def to_html(results: dict) -> str:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
    env.filters["pct"] = lambda v: "" if v is None else per_cent_text(v)
    return env.get_template("results.html").render(r=results)
