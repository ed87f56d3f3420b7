"""The secretariat's forms read into the bodies the services take, and the services' answers
read back for the pages: plain functions over what was posted, so that the service, not the
portal, judges every value (a bad date or code is sent as typed and refused there, beside
its field)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

#: the stages whose dates the preliminary consultation agrees (the reviews service's
#: time_frames: from the self-assessment to the summary)
TIME_FRAME_STAGES = ("self_assessment", "written_feedback", "list_of_observations", "summary")

#: what moves a review on from each stage, as the secretariat records it: the reviews
#: API's command. The consultation has a form of its own, and the written feedback ends
#: when the last reviewing State gives its own.
MOVE_ON = {
    "waiting_for_nominations": "start",
    "self_assessment": "questionnaire/submit",
    "list_of_observations": "observations/adopt",
    "summary": "complete",
}


def optional(text: str | None) -> str | None:
    """A field left empty is not sent: the service's default holds (today, every review)."""
    text = (text or "").strip()
    return text or None


def codes(text: str | None) -> list[str]:
    """State codes typed in one field, "DEU, BRA" or "DEU BRA": in the order typed, once
    each, in capitals; the service says which is not a State party."""
    found = [c.upper() for c in re.split(r"[\s,;]+", text or "") if c]
    return list(dict.fromkeys(found))


def body_of(form: Mapping[str, str], names: Iterable[str]) -> dict:
    """The non-empty fields named, as typed (trimmed)."""
    return {name: value for name in names if (value := optional(form.get(name))) is not None}


def nomination_body(form) -> dict:
    """A nomination from a note verbale. The day it was made is the note's date unless the
    form says otherwise: the note is how the Mission nominates (DOMAIN.md, Nominations)."""
    body = body_of(form, ("state_code", "role", "review_id", "name", "title", "email",
                          "phone", "gender", "note_verbale_ref", "note_verbale_date",
                          "nominated_on"))
    body["languages"] = form.getlist("languages")
    if "nominated_on" not in body and "note_verbale_date" in body:
        body["nominated_on"] = body["note_verbale_date"]
    return body


def consultation_body(form, agreed: bool) -> dict:
    """The preliminary consultation as held: with the languages and time frames agreed, or
    (`agreed` False) held without agreement on the languages."""
    body = {**body_of(form, ("actor", "held_on")),
            "facilitated_by_secretariat": form.get("facilitated_by_secretariat") == "yes"}
    if not agreed:
        return body
    body.update(body_of(form, ("exceptional_reason",)))
    body["languages"] = form.getlist("languages")
    body["time_frames"] = {stage: day for stage in TIME_FRAME_STAGES
                           if (day := optional(form.get(f"time_frames.{stage}")))}
    return body


def recorded_draw_body(form, group: Mapping) -> dict:
    """A result drawn at a meeting, one row per State under review of the group; a row left
    empty is left out, so that the lots service names the State it lacks."""
    reviews = []
    for code in group["states_under_review"]:
        reviewing = codes(form.get(f"reviewing.{code}"))
        additional = additional_reviewers(form.get(f"additional.{code}"))
        if not reviewing and not additional:
            continue
        review = {"state_under_review": code, "reviewing_states": reviewing,
                  "additional_reviewers": additional}
        if reason := optional(form.get(f"exception.{code}")):
            review["exception_reason"] = reason
        reviews.append(review)
    return {**body_of(form, ("meeting", "drawn_on")), "group_number": group["number"],
            "phase": group.get("phase", 1), "reviews": reviews}


def additional_reviewers(text: str | None) -> dict[str, list[str]]:
    """"ITA: firearms smuggling; ESP: trafficking" as {"ITA": ["firearms", "smuggling"],
    "ESP": ["trafficking"]}: each added reviewer with the instruments it reviews."""
    found: dict[str, list[str]] = {}
    for part in re.split(r"[;\n]+", text or ""):
        code, _, instruments = part.partition(":")
        if code.strip():
            found[code.strip().upper()] = [i.lower() for i in re.split(r"[\s,]+", instruments)
                                           if i]
    return found


def draw_row_refusals(breaches: list | None, errors: Mapping[str, list[str]],
                       reviews: list[dict]) -> dict[str, list[str]]:
    """The lots service's refusal of a recorded draw, by State under review: each breach of
    a rule and each invalid field of a review ("reviews.3.…", by the review's place in the
    body) beside the row of the form it is about."""
    by_state: dict[str, list[str]] = {}
    for breach in breaches or ():
        by_state.setdefault(breach.get("state_under_review") or "", []).append(
            str(breach.get("detail", "")))
    for name, messages in errors.items():
        found = re.match(r"reviews\.(\d+)\.", name)
        if found and int(found.group(1)) < len(reviews):
            code = reviews[int(found.group(1))]["state_under_review"]
            by_state.setdefault(code, []).extend(messages)
    return by_state


def people_by_role(persons: list[dict]) -> dict[str, list[dict]]:
    """Each person under each role they hold or held for the State: the reviews they serve
    in (or every review, where the nomination is standing), and whether they still serve."""
    roles: dict[str, list[dict]] = {"focal_point": [], "expert": [], "observer": []}
    for person in persons:
        held = {n["role"] for n in person.get("nominations") or ()} | {
            s["role"] for s in person.get("for_every_review") or ()}
        for role in sorted(held):
            serving = [n for n in person.get("nominations") or ()
                       if n["role"] == role and n.get("status") != "withdrawn"]
            standing = [s for s in person.get("for_every_review") or ()
                        if s["role"] == role and not s.get("withdrawn_on")]
            days = [n["nominated_on"] for n in person.get("nominations") or ()
                    if n["role"] == role] + [s["nominated_on"] for s in
                                             person.get("for_every_review") or ()
                                             if s["role"] == role]
            roles.setdefault(role, []).append({
                **person, "reviews": sorted({n["review_id"] for n in serving}),
                "every_review": bool(standing), "serving": bool(serving or standing),
                "nominated_on": min(days) if days else None})
    for people in roles.values():
        people.sort(key=lambda p: (not p["serving"], p["name"].casefold()))
    return roles
