"""The question bank's files: one JSON file per thematic cluster, with a version, read,
checked and written into the bank's tables (`python -m services.reviews.cli
load-questions <file or folder>`; the shipped files under data/question_bank are loaded on
migrate and start when the bank is empty).

A version once loaded never changes: the reviews fixed on it keep their questions. Loading
the same version again with the same questions changes nothing; with other questions it
is refused, and a new version must be given.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.reviews.adapters.questionnaire_orm import BankQuestionRow, QuestionBankRow
from services.reviews.domain.questionnaire import CLUSTERS, INSTRUMENTS, Question
from shared.db.engine import transaction

SHIPPED = Path(__file__).resolve().parent.parent / "data" / "question_bank"
MAX_TEXT = 4000
_LIMITS = {"id": 40, "article": 20, "subject": 200, "cites": 200, "text": MAX_TEXT}


class BankFileError(ValueError):
    """A bank file the loader refuses, naming the file and the field at fault."""


@dataclass(frozen=True)
class BankFile:
    cluster: int
    version: int
    title: str
    questions: tuple[Question, ...]

    @property
    def digest(self) -> str:
        wire = json.dumps([q.__dict__ for q in self.questions], sort_keys=True)
        return hashlib.sha256(wire.encode()).hexdigest()


def read_bank(path: Path) -> BankFile:
    """One cluster's file, checked whole."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BankFileError(f"{path.name}: not a readable JSON file ({exc})") from exc
    return parse_bank(data, path.name)


def parse_bank(data, name: str) -> BankFile:
    def fail(field: str, why: str):
        raise BankFileError(f"{name}: {field}: {why}")

    if not isinstance(data, dict):
        fail("(file)", "must be an object")
    if data.get("cluster") not in CLUSTERS:
        fail("cluster", f"must be one of {list(CLUSTERS)}")
    if not isinstance(data.get("version"), int) or data["version"] < 1:
        fail("version", "must be a whole number from 1")
    if not isinstance(data.get("title"), str) or not data["title"].strip():
        fail("title", "must be a text")
    questions: list[Question] = []
    for a, article in enumerate(data.get("articles") or []):
        where = f"articles[{a}]"
        if not isinstance(article, dict) or article.get("instrument") not in INSTRUMENTS:
            fail(f"{where}.instrument", f"must be one of {list(INSTRUMENTS)}")
        for q, question in enumerate(article.get("questions") or []):
            fields = {**{k: article.get(k) for k in ("article", "subject")},
                      **(question if isinstance(question, dict) else {})}
            for key, limit in _LIMITS.items():
                value = fields.get(key)
                if not isinstance(value, str) or not value.strip() or len(value) > limit:
                    fail(f"{where}.questions[{q}].{key}", f"must be a text of 1 to {limit}")
            questions.append(Question(
                id=fields["id"], instrument=article["instrument"], article=fields["article"],
                subject=fields["subject"], cites=fields["cites"], text=fields["text"]))
    if not questions:
        fail("articles", "must hold at least one question")
    seen: set[str] = set()
    for question in questions:
        if question.id in seen:
            fail("id", f"{question.id} is given twice")
        seen.add(question.id)
    return BankFile(data["cluster"], data["version"], data["title"], tuple(questions))


def bank_files(path: Path) -> list[Path]:
    """The file, or the JSON files of the folder in name order."""
    if path.is_dir():
        return sorted(path.glob("*.json"))
    if not path.exists():
        raise BankFileError(f"{path}: no such file or folder")
    return [path]


def store_bank(session: Session, bank: BankFile, now) -> bool:
    """Write one version of a cluster's bank; False when it was loaded already."""
    row = session.scalar(select(QuestionBankRow).where(
        QuestionBankRow.cluster == bank.cluster, QuestionBankRow.version == bank.version))
    if row is not None:
        if row.digest != bank.digest:
            raise BankFileError(
                f"cluster {bank.cluster}: version {bank.version} is already loaded with "
                "other questions; give the changed file a new version")
        return False
    row = QuestionBankRow(cluster=bank.cluster, version=bank.version, title=bank.title,
                          digest=bank.digest, loaded_at=now)
    session.add(row)
    session.flush()
    session.add_all(BankQuestionRow(
        bank_id=row.id, question_id=q.id, position=i, instrument=q.instrument,
        article=q.article, subject=q.subject, cites=q.cites, text=q.text)
        for i, q in enumerate(bank.questions))
    return True


def load_banks(session_factory, path: Path, now) -> list[str]:
    """Load every bank file of `path` in one transaction: all of them, or none when any
    is refused. One line per file, saying what it did."""
    banks = [read_bank(file) for file in bank_files(path)]
    with transaction(session_factory) as session:
        return [f"cluster {b.cluster} version {b.version}: "
                + ("loaded" if store_bank(session, b, now) else "already loaded, unchanged")
                + f" ({len(b.questions)} questions)" for b in banks]


def load_shipped_if_empty(session_factory, now) -> None:
    """The shipped bank (data/question_bank) on a database that has none: the first start."""
    with session_factory() as session:
        empty = not session.scalar(select(func.count()).select_from(QuestionBankRow))
    if empty:
        load_banks(session_factory, SHIPPED, now)
