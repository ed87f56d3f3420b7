"""The paragraphs on each group's reviews, worded like the note's section II.C: where the
reviews stand (para. 14), which have not started and why (para. 21), and the 70 per cent
rule (para. 17)."""

from __future__ import annotations

import datetime as dt

from services.reviews.domain import stages as s
from services.reviews.domain.report.document import Paragraph
from services.reviews.domain.report.numbers import (
    count,
    counted,
    enumerate_words,
    in_words,
    long_date,
    month_year,
    ordinal_group,
    per_cent,
    was,
)

#: the thematic clusters of the multi-year workplan
CLUSTER_TITLES = {
    1: "criminalization and jurisdiction",
    2: "prevention, technical assistance, protection measures and other measures",
    3: "law enforcement and the judicial system",
    4: "international cooperation, mutual legal assistance and confiscation",
}
ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth"}

STAGE_WORDING = {
    s.PRELIMINARY_CONSULTATION: "at the stage of the preliminary consultation",
    s.SELF_ASSESSMENT: "at the stage of filling in the self-assessment questionnaires, with "
                       "the State party under review currently being in the process of "
                       "preparing its answers to the questionnaires",
    s.WRITTEN_FEEDBACK: "at the stage of the written feedback, currently being prepared by "
                        "the reviewing States",
    s.LIST_OF_OBSERVATIONS: "at the stage of drafting the lists of observations",
    s.SUMMARY: "at the stage of finalizing the summary of the list of observations and its "
               "translation into the six official languages",
}


def group_name(group: dict) -> str:
    name = ordinal_group(group["group_number"])
    return name if group["phase"] == 1 else f"{name} in phase {in_words(group['phase'])}"


def status_paragraph(group: dict, as_of: dt.date) -> Paragraph:
    """Para. 14: how many reviews advance, and at which stage."""
    starts = group["starts_on"]
    began = (f"which commenced in {month_year(starts)}" if starts <= as_of
             else f"which are to start in {month_year(starts)}")
    opening = (f"As of {long_date(as_of)}, out of the {count(group['reviews'])} reviews of "
               f"{group_name(group)}, {began}, ")
    advancing = group["advancing"]
    if advancing == 0:
        return Paragraph(opening + "no review was advancing.")
    items = [f"{counted(n, 'review', opening=True)} {was(n)} {STAGE_WORDING[stage]}"
             + _disagreed(group, stage) for stage in s.ADVANCING if (n := group["stages"][stage])]
    endings = [";"] * (len(items) - 2) + ["; and"] * (len(items) > 1) + ["."]
    return Paragraph(opening + f"{counted(advancing, 'review')} {was(advancing)} advancing. "
                     "The details on their status are listed below:",
                     [item + end for item, end in zip(items, endings, strict=True)])


def _disagreed(group: dict, stage: str) -> str:
    """The reviews whose consultation ended without agreement on the languages wait at
    the stage of the preliminary consultation (note, para. 27)."""
    n = group["consultations"]["without_agreement"]
    if stage != s.PRELIMINARY_CONSULTATION or not n:
        return ""
    return (f", in {count(n)} of which no agreement had been found on the working languages"
            if n < group["stages"][stage] else
            ", with no agreement found on the working languages")


def not_started_paragraph(group: dict, as_of: dt.date) -> Paragraph:
    """Para. 21: the reviews still waiting, and whose nomination they wait for."""
    waiting = group["not_started"]
    n, total = waiting["reviews"], group["reviews"]
    if n == 0:
        return Paragraph(f"As of {long_date(as_of)}, every review of {group_name(group)} had "
                         "started.")
    cause = "" if waiting["all_nominated"] else " because of missing nominations of focal points"
    when = month_year(group["starts_on"])
    supposed = (f"that were supposed to start in {when}" if group["starts_on"] <= as_of
                else f"that are to start in {when}")
    first = (f"As of {long_date(as_of)}, {count(n)} out of the {count(total)} reviews of "
             f"{group_name(group)} {supposed} had not yet started{cause}.")
    return Paragraph(first + " " + _reasons(waiting))


def _reasons(waiting: dict) -> str:
    parts = []
    if n := waiting["under_review"]:
        parts.append(f"in {counted(n, 'case')} the pending nomination was from the State "
                     "party under review")
    if n := waiting["reviewing"]:
        lead = "in {} from" if parts else "in {} the pending nomination was from"
        parts.append(lead.format(counted(n, "case")) + " one or both reviewing States parties")
    if n := waiting["all_nominated"]:
        parts.append(f"in {counted(n, 'case')} all focal points had been nominated and the "
                     "preliminary consultation was about to open")
    text = enumerate_words(parts)
    return text[:1].upper() + text[1:] + "."


def end_paragraph(group: dict, as_of: dt.date) -> Paragraph:
    """Para. 16: each review phase lasts two years for each group, unless the Conference
    decides otherwise; the reviews still open on its end day, or today if it is to come."""
    end, name = group["end"], ordinal_group(group["group_number"])
    cluster = group["cluster"]
    topic = f"thematic cluster {in_words(cluster)}" + (
        f" on {CLUSTER_TITLES[cluster]}" if cluster in CLUSTER_TITLES else "")
    ends_on = end["ends_on"]
    if (decision := end["decision"]) is not None:
        rule = (f"On {long_date(decision['decided_on'])} the Conference decided "
                f"({decision['reason']}) that the review of {topic} by {name} would be "
                f"concluded on {long_date(ends_on)}.")
    else:
        rule = (f"Each review phase lasts two years for each group of States parties: the "
                f"review of {topic} by {name} would be concluded on {long_date(ends_on)}.")
    day = "On that date" if end["ended"] else f"As of {long_date(as_of)}"
    return Paragraph(f"{rule} {day}, {_still_open(end['open'], group['reviews'])}.")


def _still_open(still_open: int, total: int) -> str:
    if still_open == 0:
        return "every one of its reviews had been completed"
    if still_open == total:
        return "its only review was still open" if total == 1 else (
            f"all {count(total)} of its reviews were still open")
    return f"{count(still_open)} of its {count(total)} reviews {was(still_open)} still open"


def completion_paragraph(group: dict, as_of: dt.date, clusters: tuple[int, ...]) -> Paragraph:
    """Para. 17: the 70 per cent rule, and where the group stands against it."""
    done, phase = group["completion"], group["phase"]
    name = ordinal_group(group["group_number"])
    following = ORDINALS.get(phase + 1, f"next ({in_words(phase + 1)})")
    upcoming = clusters[phase] if phase < len(clusters) else None
    consisting = (f", consisting of the review of thematic cluster {in_words(upcoming)} on "
                  f"{CLUSTER_TITLES[upcoming]}," if upcoming in CLUSTER_TITLES else "")
    rule = (f"The advancement of {name} to the {following} phase of the review{consisting} "
            f"is conditional upon the completion of {done['threshold']} per cent of the "
            f"{count(done['foreseen'])} reviews foreseen at the beginning of phase "
            f"{in_words(phase)}, unless the Conference decides otherwise.")
    return Paragraph(rule + " " + _standing(done, name, phase, following, as_of))


def _standing(done: dict, name: str, phase: int, following: str, as_of: dt.date) -> str:
    if done["completed"] == 0:
        text = (f"As of {long_date(as_of)}, no review was completed by the States parties in "
                f"{name} in phase {in_words(phase)}.")
    else:
        text = (f"As of {long_date(as_of)}, {counted(done['completed'], 'review')} "
                f"{was(done['completed'])} completed ({per_cent(done['percentage'])}).")
    if done["rule_met"]:
        return text + f" The rule is met: {name} may advance to the {following} phase."
    if (override := done["override"]) is not None:
        return text + (f" On {long_date(override['decided_on'])} the Conference decided "
                       f"otherwise ({override['reason']}): {name} may advance to the "
                       f"{following} phase.")
    return text
