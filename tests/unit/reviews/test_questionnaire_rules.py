"""The questionnaire's pure rules: the instruments a State answers on, the bank version a
review takes, who gives and who replies to feedback per question, and the bank file's
checks."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from services.reviews.adapters.question_bank import SHIPPED, BankFileError, parse_bank, read_bank
from services.reviews.domain import question_feedback as qf
from services.reviews.domain import stages as s
from services.reviews.domain.facts import ReviewFacts
from services.reviews.domain.questionnaire import (
    CLUSTERS,
    INSTRUMENTS,
    PartyInstruments,
    instruments_on,
    version_in_force,
)
from services.reviews.domain.rules import Refused

START = dt.date(2020, 12, 1)
CITED_AS = {"convention": "Convention, ", "trafficking": "Trafficking in Persons Protocol, ",
            "smuggling": "Smuggling of Migrants Protocol, ", "firearms": "Firearms Protocol, "}
T = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


def test_instruments_are_those_the_state_was_party_to_on_the_start_when_days_are_known():
    party = PartyInstruments("AUT", ("convention", "trafficking", "smuggling", "firearms"), {
        "trafficking": dt.date(2005, 11, 15), "smuggling": None,
        "firearms": dt.date(2021, 6, 1)})
    assert instruments_on(party, START) == ("convention", "trafficking", "smuggling")
    assert instruments_on(party, dt.date(2021, 6, 1)) == INSTRUMENTS
    assert instruments_on(None, START) == ("convention",)


def test_version_in_force_is_the_newest_loaded_before_the_start_or_the_oldest_when_none_was():
    loaded = [(1, T), (2, T + dt.timedelta(days=30)), (3, T + dt.timedelta(days=60))]
    assert version_in_force(loaded, None) == 3
    assert version_in_force(loaded, T + dt.timedelta(days=45)) == 2
    assert version_in_force(loaded, T - dt.timedelta(days=1)) == 1
    assert version_in_force([], None) is None


def facts(stage: str) -> ReviewFacts:
    return ReviewFacts(stage=stage, state_under_review="AUT", reviewing_states=("DEU", "BRA"),
                       questions=frozenset({"q1"}))


@pytest.mark.parametrize(("stage", "state", "question", "field"), [
    (s.WRITTEN_FEEDBACK, "KEN", "q1", "actor_state"),
    (s.WRITTEN_FEEDBACK, "AUT", "q1", "actor_state"),
    (s.WRITTEN_FEEDBACK, "DEU", "q9", "question_id"),
    (s.SELF_ASSESSMENT, "DEU", "q1", "stage"),
])
def test_feedback_is_refused_naming_the_field_when_a_rule_is_broken(stage, state, question,
                                                                    field):
    with pytest.raises(Refused) as caught:
        qf.give(facts(stage), question, state)
    assert caught.value.field == field


def test_only_the_state_under_review_replies_and_only_while_feedback_is_discussed():
    qf.give(facts(s.WRITTEN_FEEDBACK), "q1", "DEU")
    qf.reply(facts(s.LIST_OF_OBSERVATIONS), "AUT")
    for stage, state, field in ((s.WRITTEN_FEEDBACK, "DEU", "actor_state"),
                                (s.SUMMARY, "AUT", "stage")):
        with pytest.raises(Refused) as caught:
            qf.reply(facts(stage), state)
        assert caught.value.field == field


def test_shipped_bank_covers_every_cluster_and_instrument_with_cited_articles():
    banks = [read_bank(path) for path in sorted(SHIPPED.glob("*.json"))]
    assert [b.cluster for b in banks] == list(CLUSTERS)
    for bank in banks:
        assert {q.instrument for q in bank.questions} == set(INSTRUMENTS), bank.cluster
        for q in bank.questions:
            assert q.cites.startswith(CITED_AS[q.instrument]), q.id
            assert re.search(rf"\barts?\. (\d+ and )?{q.article}\b", q.cites), q.id


#: DOMAIN.md: phase 1 is cluster 1, criminalization and jurisdiction; phase 2 cluster 4,
#: international cooperation, mutual legal assistance and confiscation. The offences and
#: jurisdiction of each instrument, and its cooperation and confiscation articles
CLUSTER_ONE = {("convention", "5"), ("convention", "6"), ("convention", "8"),
               ("convention", "10"), ("convention", "15"), ("convention", "23"),
               ("trafficking", "5"), ("smuggling", "6"), ("firearms", "5")}
CLUSTER_FOUR = {("convention", "12"), ("convention", "13"), ("convention", "16"),
                ("convention", "18"), ("firearms", "6")}


def test_each_article_belongs_to_one_cluster_and_the_phases_clusters_hold_their_themes():
    banks = {b.cluster: b for b in (read_bank(path) for path in SHIPPED.glob("*.json"))}
    clusters_of: dict[tuple[str, str], set[int]] = {}
    for bank in banks.values():
        for q in bank.questions:
            clusters_of.setdefault((q.instrument, q.article), set()).add(bank.cluster)
    assert {a: c for a, c in clusters_of.items() if len(c) > 1} == {}
    assert {a for a, c in clusters_of.items() if c == {1}} >= CLUSTER_ONE
    assert {a for a, c in clusters_of.items() if c == {4}} >= CLUSTER_FOUR
    assert banks[1].title.lower() == "criminalization and jurisdiction"
    assert all(word in banks[4].title.lower() for word in (
        "international cooperation", "mutual legal assistance", "confiscation"))


@pytest.mark.parametrize(("change", "field"), [
    (lambda d: d.update(cluster=5), "cluster"),
    (lambda d: d.update(version=0), "version"),
    (lambda d: d["articles"][0].update(instrument="treaty"), "articles[0].instrument"),
    (lambda d: d["articles"][0]["questions"][0].update(text=""), "questions[0].text"),
    (lambda d: d["articles"][1]["questions"][0].update(id="c1-conv-5-a"), "c1-conv-5-a is given"),
])
def test_bank_file_is_refused_naming_the_field_at_fault(change, field):
    data = json.loads((SHIPPED / "cluster_1.json").read_text())
    change(data)
    with pytest.raises(BankFileError, match=field.replace("[", r"\[").replace("]", r"\]")):
        parse_bank(data, "cluster_1.json")
