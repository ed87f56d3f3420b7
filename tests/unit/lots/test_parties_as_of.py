"""A party as it stood on a day, and the coherence of a party's record, without a database."""

from __future__ import annotations

import datetime as dt

from services.lots.domain.parties import StateParty, drawable_on, why_not_drawable
from services.lots.domain.party_checks import party_problems

DAY = dt.date(2020, 12, 1)
ALL = ("convention", "trafficking", "smuggling", "firearms")


def party(code: str, **dates) -> StateParty:
    return StateParty(code, code, "african", None, ALL, **dates)


def test_party_has_only_the_instruments_it_had_joined_when_dates_are_known():
    late = party("AAA", convention_on=dt.date(2004, 1, 1), firearms_on=dt.date(2021, 1, 1))
    assert late.as_of(DAY).instruments == ALL[:3]
    assert late.as_of(dt.date(2021, 1, 1)).instruments == ALL


def test_party_counts_as_party_on_every_day_when_no_date_is_known():
    assert party("AAA").as_of(dt.date(2001, 1, 1)).instruments == ALL


def test_draw_leaves_out_the_parties_not_yet_party_and_those_kept_out():
    parties = [party("AAA"), party("BBB", convention_on=dt.date(2023, 3, 21)),
               StateParty("CCC", "CCC", "african", None, ALL, takes_part=False,
                          kept_out_reason="asked")]
    assert list(drawable_on(parties, DAY)) == ["AAA"]
    assert why_not_drawable(parties[1], "BBB", DAY).startswith("BBB was not yet party")
    assert why_not_drawable(parties[2], "CCC", DAY).endswith("(asked)")
    assert why_not_drawable(None, "XYZ", DAY) == "XYZ is not a registered State party"


def test_record_is_incoherent_when_a_protocol_comes_first_or_a_date_lies_ahead():
    dates = {"convention": dt.date(2005, 1, 1), "trafficking": dt.date(2004, 1, 1),
             "smuggling": None, "firearms": dt.date(2030, 1, 1)}
    problems = party_problems(ALL, dates, True, None, today=DAY)
    assert [name for name, _ in problems] == ["firearms_on", "trafficking_on"]
    assert party_problems(("convention",), {"convention": None}, False, " ", today=DAY) == [
        ("kept_out_reason", "a party kept out of the country reviews needs the reason")]
