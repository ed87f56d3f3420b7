"""The paragraphs on the whole mechanism, worded like the note: nominations (paras. 9-11),
the consultations the secretariat facilitated (para. 23) and the working languages agreed
(paras. 25-26)."""

from __future__ import annotations

import datetime as dt

from services.reviews.domain.report.document import Paragraph
from services.reviews.domain.report.numbers import (
    count,
    counted,
    enumerate_words,
    long_date,
    ordinal_group,
)
from services.reviews.domain.rules import LANGUAGE_NAMES


def nomination_paragraphs(figures: dict) -> list[Paragraph]:
    """Per group, the States without a focal point and those that nominated one (from the
    reviews' own copy of the focal points); then the persons nominated, which only the
    nominations service counts."""
    as_of = long_date(figures["as_of"])
    first_sections = {}
    for group in figures["groups"]:  # a group with two phases is named once
        first_sections.setdefault(group["group_number"], group)
    paragraphs = [_group_nominations(group, as_of) for group in first_sections.values()]
    nominations = figures["nominations"]
    if not nominations.get("available"):
        paragraphs.append(Paragraph(
            "The figures on nominations are not included in this report: "
            f"{nominations.get('detail') or 'the nominations service did not answer'}. "
            "Every other figure is complete."))
    elif totals := nominations.get("totals"):
        paragraphs.append(_totals(totals))
    return paragraphs


def _group_nominations(group: dict, as_of: str) -> Paragraph:
    """Paras. 9-10: each State counted once, whatever its reviews and capacities."""
    focal, name = group["focal_points"], ordinal_group(group["group_number"])
    missing = focal["states_without_focal_point"]
    text = (f"From the {count(focal['states'])} States parties that were selected to "
            f"participate in {name}, " + (
                f"{count(missing)} had not designated a focal point as of {as_of}." if missing
                else f"every one had designated a focal point as of {as_of}."))
    nominated, earlier = focal["states_with_focal_point"], focal[
        "states_nominated_for_earlier_group"]
    if nominated and group["group_number"] > 1:
        before = "group one" if group["group_number"] == 2 else "an earlier group"
        text += (f" As of {as_of}, the secretariat had received nominations of focal points "
                 f"from {counted(nominated, 'State party', 'States parties')} of {name}, "
                 f"{count(earlier) if earlier else 'none'} of which already had been "
                 "nominated as part of the "
                 f"review process of {before}.")
    return Paragraph(text)


def _totals(totals: dict) -> Paragraph:
    focal, experts = totals.get("focal_points", 0), totals.get("experts", 0)
    text = ("The overall number of designated focal points and governmental experts is the "
            f"following: {counted(focal, 'focal point')} and "
            f"{counted(experts, 'governmental expert')}")
    share = totals.get("women_share")
    text += f" – {round(100 * share)} per cent are women." if share is not None else "."
    if n := totals.get("states_with_observers"):
        text += (f" In addition, {counted(n, 'State party', 'States parties')} "
                 f"{'has' if n == 1 else 'have'} nominated observers.")
    if n := totals.get("states_in_several_groups"):
        text += (f" {counted(n, 'State party', 'States parties', opening=True)} "
                 f"{'takes' if n == 1 else 'take'} part in more than one group.")
    return Paragraph(text)


def consultation_paragraphs(figures: dict) -> list[Paragraph]:
    as_of = long_date(figures["as_of"])
    meetings = figures["totals"]["consultations"]["facilitated_meetings"]
    facilitated = (f"As of {as_of}, the secretariat facilitated the organization of "
                   f"{counted(meetings, 'preliminary consultation meeting')}." if meetings else
                   f"As of {as_of}, the secretariat had not yet facilitated any preliminary "
                   "consultation meeting.")
    return [Paragraph(facilitated), *_language_paragraphs(figures["totals"]["languages"],
                                                          as_of)]


def _names(codes: list[str]) -> str:
    return enumerate_words([LANGUAGE_NAMES.get(code, code) for code in codes])


def _language_paragraphs(languages: dict, as_of: str) -> list[Paragraph]:
    """Paras. 25-27; the reviews whose consultation ended without agreement on the
    languages count in the base of the shares."""
    held = languages["reviews"]
    if held == 0:
        return [Paragraph(f"As of {as_of}, no preliminary consultation had yet been "
                          "conducted, and no working language had been agreed.")]
    one = languages["one"]
    text = (f"As of {as_of}, out of the {count(held)} reviews in which the preliminary "
            "consultation was already conducted, ")
    if one["reviews"]:
        chosen = [f"{counted(c['reviews'], 'review')} agreed on {_names(c['languages'])}"
                  if i == 0 else f"{count(c['reviews'])} on {_names(c['languages'])}"
                  for i, c in enumerate(one["combinations"])]
        text += (f"{one['share']} per cent agreed during the preliminary consultation on the "
                 f"use of only one working language ({counted(one['reviews'], 'review')}): "
                 f"{enumerate_words(chosen)}.")
    else:
        text += "none agreed on the use of only one working language."
    paragraphs = [Paragraph(text)]
    for size, words in (("two", "opted for two languages"),
                        ("three", "opted, in exceptional circumstances, for three languages")):
        if n := languages[size]["reviews"]:
            chosen = [f"{counted(c['reviews'], 'review')} chose {_names(c['languages'])}"
                      for c in languages[size]["combinations"]]
            paragraphs.append(Paragraph(f"{counted(n, 'review', opening=True)} {words}: "
                                        f"{enumerate_words(chosen)}."))
    if n := languages["without_agreement"]:
        paragraphs.append(Paragraph(
            f"Additionally, in {counted(n, 'review')}, no agreement could be found during the "
            "preliminary consultation on the working languages of the review."))
    return paragraphs


def date_line(as_of: dt.date) -> str:
    return f"Status of the country reviews as of {long_date(as_of)}"
