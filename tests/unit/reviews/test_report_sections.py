"""The report's sections that issue 18 adds or mends, on small snapshots without database:
each State counted once, the States that nominated (and had for an earlier group), the
consultations without agreement on the languages, the drawing of lots, each phase's end."""

from __future__ import annotations

import csv
import datetime as dt
import io

from services.reviews.domain import stages as s
from services.reviews.domain.phases import EndDecision
from services.reviews.domain.report.document import as_text
from services.reviews.domain.report.figures import build_figures
from services.reviews.domain.report.html import as_html
from services.reviews.domain.report.snapshot import (
    ConsultationAsOf,
    DrawAsOf,
    PhaseAsOf,
    RepetitionAsOf,
    ReviewAsOf,
    Snapshot,
)
from services.reviews.domain.report.table import as_csv
from services.reviews.handlers.report import status_document

AS_OF = dt.date(2022, 9, 15)
START = {1: dt.date(2020, 12, 1), 2: dt.date(2021, 11, 1), 3: dt.date(2022, 11, 1)}


def nominations_saying(missing_under_review: int, missing_reviewing: int, group: int = 1):
    """The nominations service's answer, counting States per capacity as it does."""
    figures = {"groups": [{"group_number": group, "states_missing_focal_point": {
        "under_review": missing_under_review, "reviewing": missing_reviewing}}],
        "totals": {"focal_points": 2, "experts": 0}}
    return {"available": True, "detail": None, "figures": figures}


def review(rid, group, sur, reviewers, stage=s.WAITING_FOR_NOMINATIONS, completed_on=None):
    return ReviewAsOf(rid, group, 1, 1, START[group], sur, tuple(reviewers), stage,
                      completed_on)


def snapshot_of(reviews, focal=None, **kw) -> Snapshot:
    focal = focal or {}
    phases = [PhaseAsOf(g, 1, 1, START[g], sum(1 for r in reviews if r.group_number == g),
                        None) for g in sorted({r.group_number for r in reviews})]
    return Snapshot(AS_OF, list(reviews), focal_points=focal, nominated=dict(focal),
                    phases=phases, **kw)


def text_of(snapshot, nominations) -> str:
    figures = build_figures(snapshot, 70, nominations)
    return " ".join(as_text(status_document(figures, (1, 4))).split())


def test_a_state_missing_as_state_under_review_and_as_reviewer_counts_once():
    # AAA and BBB are each under review and reviewing the other, with no focal point
    # anywhere: the nominations service counts each in both capacities
    snapshot = snapshot_of([review(1, 1, "AAA", ["BBB", "CCC"]),
                            review(2, 1, "BBB", ["AAA", "DDD"])],
                           {1: {"CCC"}, 2: {"DDD"}})
    text = text_of(snapshot, nominations_saying(2, 2))
    assert ("From the four States parties that were selected to participate in group one, "
            "two had not designated a focal point as of 15 September 2022.") in text
    figures = build_figures(snapshot, 70, nominations_saying(2, 2))
    assert figures["groups"][0]["focal_points"]["states_without_focal_point"] == 2


def test_a_group_not_started_counts_every_state_that_has_no_focal_point():
    snapshot = snapshot_of([review(1, 3, "AAA", ["BBB", "CCC"]),
                            review(2, 3, "DDD", ["EEE", "FFF"])])
    text = text_of(snapshot, nominations_saying(0, 0, group=3))
    assert ("From the six States parties that were selected to participate in group three, "
            "six had not designated a focal point as of 15 September 2022.") in text
    assert "which are to start in November 2022" in text


def test_states_that_nominated_for_the_group_and_already_for_an_earlier_one():
    one = [review(1, 1, "AAA", ["BBB", "CCC"])]
    two = [review(2, 2, "AAA", ["EEE", "FFF"]), review(3, 2, "EEE", ["GGG", "CCC"])]
    snapshot = snapshot_of(one + two, {1: {"AAA", "BBB", "CCC"}, 2: {"AAA", "EEE"},
                                       3: {"EEE", "CCC"}})
    text = text_of(snapshot, nominations_saying(0, 0))
    assert ("From the five States parties that were selected to participate in group two, "
            "two had not designated a focal point as of 15 September 2022. As of 15 "
            "September 2022, the secretariat had received nominations of focal points from "
            "three States parties of group two, two of which already had been nominated as "
            "part of the review process of group one.") in text
    assert ("From the three States parties that were selected to participate in group one, "
            "every one had designated a focal point") in text


def test_a_consultation_without_agreement_is_a_state_of_the_review_and_in_the_base():
    reviews = [review(i, 1, f"S{i:02d}", [f"R{i:02d}", f"T{i:02d}"],
                      s.PRELIMINARY_CONSULTATION if i < 3 else s.SELF_ASSESSMENT)
               for i in range(1, 6)]
    consultations = [ConsultationAsOf(1, (), True, True, agreed=False),
                     ConsultationAsOf(3, ("en",), True, True),
                     ConsultationAsOf(4, ("en",), True, True),
                     ConsultationAsOf(5, ("en", "fr"), False, True)]
    snapshot = snapshot_of(reviews, {r.id: set(r.reviewing_states) | {
        r.state_under_review} for r in reviews}, consultations=consultations)
    figures = build_figures(snapshot, 70, nominations_saying(0, 0))
    assert figures["totals"]["consultations"] == {"reviews": 4, "without_agreement": 1,
                                                  "facilitated_meetings": 3}
    assert figures["totals"]["languages"]["one"]["share"] == 50
    text = text_of(snapshot, nominations_saying(0, 0))
    assert ("(a) Two reviews were at the stage of the preliminary consultation, in one of "
            "which no agreement had been found on the working languages;") in text
    assert ("out of the four reviews in which the preliminary consultation was already "
            "conducted, 50 per cent agreed") in text
    assert ("Additionally, in one review, no agreement could be found during the "
            "preliminary consultation on the working languages of the review.") in text


def test_the_drawing_of_lots_names_the_meetings_the_groups_and_the_repetitions():
    draws = [DrawAsOf(1, 1, 1, START[1], "IRG-2020-11", dt.date(2020, 11, 23), 62, 131),
             DrawAsOf(2, 2, 1, START[2], "IRG-2020-12", dt.date(2020, 12, 14), 63, 131)]
    reps = [RepetitionAsOf(1, "AAA", "AAA", False, "R1", dt.date(2021, 10, 12)),
            RepetitionAsOf(1, "AAA", "BBB", True, "R2", dt.date(2022, 2, 17)),
            RepetitionAsOf(2, "CCC", "CCC", False, "R3", dt.date(2022, 5, 4))]
    snapshot = snapshot_of([review(1, 1, "AAA", ["BBB", "CCC"])], draws=draws,
                           repetitions=reps)
    text = text_of(snapshot, nominations_saying(0, 0))
    assert ("The drawing of lots took place at two meetings, held on 23 November and 14 "
            "December 2020. As a result: 131 countries were selected to participate as part "
            "of group one in 62 reviews and 131 countries were selected to participate as "
            "part of group two in 63 reviews. The staggered start of the reviews per group "
            "of States parties is as follows: 1 December 2020 for the first group and 1 "
            "November 2021 for the second group.") in text
    assert ("Following the request of three States parties, the drawing of lots was "
            "repeated three times for two reviews, at three meetings held on 12 October 2021, "
            "17 February and 4 May 2022; one of these repetitions was granted in exceptional "
            "circumstances, beyond the four that a State party may request.") in text
    figures = build_figures(snapshot, 70, nominations_saying(0, 0))
    assert [m["meeting"] for m in figures["lots"]["meetings"]] == [
        "IRG-2020-11", "IRG-2020-12", "R1", "R2", "R3"]
    page = as_html(status_document(figures, (1, 4)), figures)
    assert "<td>IRG-2020-12</td><td>2020-12-14</td><td>2</td><td>0</td>" in page


def test_each_phase_ends_two_years_on_unless_decided_otherwise_with_its_open_reviews():
    as_of = dt.date(2023, 1, 10)
    reviews = [review(1, 1, "AAA", ["BBB", "CCC"], s.COMPLETED, dt.date(2022, 6, 1)),
               review(2, 1, "DDD", ["EEE", "FFF"], s.COMPLETED, dt.date(2022, 12, 20)),
               review(3, 1, "GGG", ["HHH", "III"], s.SUMMARY),
               review(4, 2, "JJJ", ["KKK", "LLL"], s.SELF_ASSESSMENT)]
    snapshot = snapshot_of(reviews)
    snapshot.as_of = as_of
    text = text_of(snapshot, nominations_saying(0, 0))
    assert ("the review of thematic cluster one on criminalization and jurisdiction by "
            "group one would be concluded on 1 December 2022. On that date, two of its three "
            "reviews were still open.") in text
    assert ("by group two would be concluded on 1 November 2023. As of 10 January 2023, its "
            "only review was still open.") in text
    decision = EndDecision(dt.date(2023, 6, 30), "decision 11/2", dt.date(2022, 10, 21))
    snapshot.phases[0] = PhaseAsOf(1, 1, 1, START[1], 3, None, decision)
    figures = build_figures(snapshot, 70, nominations_saying(0, 0))
    assert figures["groups"][0]["end"] == {
        "ends_on": dt.date(2023, 6, 30), "ended": False, "open": 1,
        "decision": {"ends_on": dt.date(2023, 6, 30), "reason": "decision 11/2",
                     "decided_on": dt.date(2022, 10, 21)}}
    assert ("On 21 October 2022 the Conference decided (decision 11/2) that the review of "
            "thematic cluster one on criminalization and jurisdiction by group one would be "
            "concluded on 30 June 2023. As of 10 January 2023, one of its three reviews was "
            "still open.") in text_of(snapshot, nominations_saying(0, 0))


def test_the_csv_table_gives_the_same_figures_as_the_json_a_row_per_group_and_all():
    reviews = [review(1, 1, "AAA", ["BBB", "CCC"], s.COMPLETED, dt.date(2022, 6, 1)),
               review(2, 1, "DDD", ["EEE", "FFF"]), review(3, 2, "GGG", ["HHH", "AAA"])]
    snapshot = snapshot_of(reviews, {1: {"AAA", "BBB", "CCC"}, 3: {"AAA"}}, consultations=[
        ConsultationAsOf(1, ("en",), True, False), ConsultationAsOf(1, ("fr",), True, True)])
    figures = build_figures(snapshot, 70, nominations_saying(0, 0))
    rows = list(csv.DictReader(io.StringIO(as_csv(figures))))
    assert [r["group_number"] for r in rows] == ["1", "2", "all"]
    one, two, every = rows
    assert (one["reviews"], one["completed"], one["completed_per_cent"], one["ends_on"],
            one["open_on_end"], one["one_language"]) == ("2", "1", "50.0", "2022-12-01",
                                                          "1", "1")
    assert (two["states_without_focal_point"], two["states_nominated_for_earlier_group"]) == (
        "2", "1")
    assert every["reviews"] == "3" and every["states_taking_part"] == str(
        figures["totals"]["states_taking_part"])
