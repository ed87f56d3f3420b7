"""The self-assessment questionnaire's question lists, one JSON file per cluster.

The lists are data (DOMAIN.md: the cluster order and article lists are policy): the
secretariat edits `services/reviews/data/questions_cluster_<n>.json`, not the code. A
cluster without a file has no questions, and its questionnaire cannot be submitted.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class Question:
    id: str
    instrument: str
    article: str
    text: str


@functools.cache
def question_list(cluster: int) -> tuple[Question, ...]:
    """The questions of `cluster`, in the order the file gives them (read once)."""
    path = DATA / f"questions_cluster_{cluster}.json"
    if not path.exists():
        return ()
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("cluster") != cluster:
        raise ValueError(f"{path.name} declares cluster {data.get('cluster')}, not {cluster}")
    questions = tuple(Question(**q) for q in data["questions"])
    if len({q.id for q in questions}) != len(questions):
        raise ValueError(f"{path.name} lists a question id twice")
    return questions


def question_ids(cluster: int) -> frozenset[str]:
    return frozenset(q.id for q in question_list(cluster))
