"""The status report's figures and their wording, checked against the note's section
II.C, without database or broker."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from services.reviews.domain import stages as s
from services.reviews.domain.phases import Override
from services.reviews.domain.report.document import as_text
from services.reviews.domain.report.figures import build_figures
from services.reviews.domain.report.html import as_html
from services.reviews.domain.report.numbers import count, counted, in_words, long_date, per_cent
from services.reviews.handlers.report import status_document
from tests.unit.reviews.note_population import AS_OF, note_snapshot

DOWN = {"available": False, "detail": "the nominations service is unavailable (timeout)",
        "figures": None}
FIGURES = {"as_of": "2022-09-15", "groups": [
    {"group_number": 1, "focal_points": 104, "experts": 600, "observers": 12,
     "states_with_observers": 9, "women_share": 0.3, "states_with_focal_point": 104,
     "states_missing_focal_point": {"under_review": 10, "reviewing": 17},
     "reviews_missing_focal_point": {"under_review": 13, "reviewing": 17}}],
    "totals": {"focal_points": 142, "experts": 835, "observers": 20,
               "states_with_observers": 9, "women_share": 0.3, "states_in_several_groups": 67}}
UP = {"available": True, "detail": None, "figures": FIGURES}


def text_of(snapshot, nominations=DOWN) -> str:
    return " ".join(as_text(status_document(build_figures(snapshot, 70, nominations),
                                            (1, 4))).split())


@pytest.mark.parametrize(("n", "words"), [(0, "zero"), (6, "six"), (17, "seventeen"),
                                          (21, "twenty-one"), (131, "one hundred and thirty-one"),
                                          (20_000, "twenty thousand")])
def test_numbers_are_written_in_words(n, words):
    assert in_words(n) == words


def test_counts_follow_the_note_words_below_ten_or_opening_figures_otherwise():
    assert counted(6, "review", opening=True) == "Six reviews"
    assert counted(1, "review", opening=True) == "One review"
    assert count(2) == "two" and count(62) == "62" and count(20_000) == "20,000"
    assert long_date(dt.date(2022, 9, 5)) == "5 September 2022"
    assert per_cent(57.0) == "57 per cent" and per_cent(69.9) == "69.9 per cent"


def test_figures_count_each_group_as_the_note_does():
    figures = build_figures(note_snapshot(), 70, DOWN)
    one, two = figures["groups"]
    assert (one["reviews"], one["advancing"], two["reviews"], two["advancing"]) == (
        62, 32, 63, 26)
    assert one["stages"][s.WRITTEN_FEEDBACK] == 17
    assert one["not_started"] == {"reviews": 30, "under_review": 13, "reviewing": 17,
                                  "all_nominated": 0}
    assert one["completion"]["may_advance"] is False
    languages = figures["totals"]["languages"]
    assert languages["one"]["reviews"] == 21 and languages["two"]["reviews"] == 11
    assert languages["one"]["combinations"][0] == {"languages": ["en"], "reviews": 18}
    assert languages["two"]["combinations"][0] == {"languages": ["en", "ar"], "reviews": 4}


def test_text_reads_like_the_note_for_each_group_and_stage():
    text = text_of(note_snapshot())
    assert ("As of 15 September 2022, out of the 62 reviews of group one, which commenced "
            "in December 2020, 32 reviews were advancing. The details on their status are "
            "listed below:") in text
    assert "(a) Six reviews were at the stage of the preliminary consultation;" in text
    assert ("(b) Eight reviews were at the stage of filling in the self-assessment "
            "questionnaires, with the State party under review") in text
    assert "(c) Seventeen reviews were at the stage of the written feedback" in text
    assert "(d) One review was at the stage of drafting the lists of observations." in text
    assert "(a) Eleven reviews were at the stage of the preliminary consultation;" in text
    assert "(c) Two reviews were at the stage of the written feedback" in text


def test_text_says_why_reviews_have_not_started():
    text = text_of(note_snapshot())
    assert ("37 out of the 63 reviews of group two that were supposed to start in November "
            "2021 had not yet started because of missing nominations of focal points. In 16 "
            "cases the pending nomination was from the State party under review and in 21 "
            "cases from one or both reviewing States parties.") in text


def test_text_states_the_70_per_cent_rule_and_the_languages_agreed():
    text = text_of(note_snapshot())
    assert ("is conditional upon the completion of 70 per cent of the 62 reviews foreseen at "
            "the beginning of phase one, unless the Conference decides otherwise") in text
    assert "no review was completed by the States parties in group one in phase one" in text
    assert ("21 reviews): 18 reviews agreed on English, two on Spanish and one on Arabic."
            in text)
    assert "Eleven reviews opted for two languages: four reviews chose English and Arabic" in text


def test_text_says_nominations_are_missing_in_a_clear_line_when_the_service_is_down():
    text = text_of(note_snapshot())
    assert ("The figures on nominations are not included in this report: the nominations "
            "service is unavailable (timeout).") in text
    assert "32 reviews were advancing" in text  # and everything else is still there


def test_text_gives_nomination_figures_when_the_service_answers():
    text = text_of(note_snapshot(), UP)
    # each waiting review of the population misses another State's focal point
    assert ("From the 186 States parties that were selected to participate in group one, 30 "
            "had not designated a focal point as of 15 September 2022.") in text
    assert ("142 focal points and 835 governmental experts – 30 per cent are women. In "
            "addition, nine States parties have nominated observers. Sixty-seven States "
            "parties take part in more than one group.") in text


def test_text_says_the_group_may_advance_when_the_rule_is_met_or_the_conference_decided():
    snapshot = note_snapshot()
    snapshot.reviews = [dataclasses.replace(r, stage=s.COMPLETED) if r.group_number == 1 and
                        r.id <= 44 else r for r in snapshot.reviews]
    assert ("44 reviews were completed (70.9 per cent). The rule is met: group one may "
            "advance to the second phase.") in text_of(snapshot)
    snapshot = note_snapshot()
    decision = Override("secretary", "decision 11/1", dt.date(2022, 9, 1))
    snapshot.phases[1] = dataclasses.replace(snapshot.phases[1], override=decision)
    assert ("On 1 September 2022 the Conference decided otherwise (decision 11/1): group two "
            "may advance to the second phase.") in text_of(snapshot)


def test_html_page_is_printable_with_no_external_assets_and_escapes_names():
    figures = build_figures(note_snapshot(), 70, {**DOWN, "detail": "<b>down</b> & out"})
    page = as_html(status_document(figures, (1, 4)), figures)
    assert page.startswith("<!DOCTYPE html>")
    assert "Six reviews were at the stage of the preliminary consultation;" in page
    assert "&lt;b&gt;down&lt;/b&gt; &amp; out" in page
    assert "http://" not in page and "https://" not in page and "<script" not in page
    assert "@page" in page


def test_empty_snapshot_reports_that_no_review_was_scheduled():
    snapshot = note_snapshot()
    snapshot.reviews, snapshot.consultations = [], []
    text = text_of(snapshot)
    assert f"As of {long_date(AS_OF)}, no country review had been scheduled." in text
    assert "no preliminary consultation had yet been conducted" in text
