"""How the portal names things: stages in review order, UN regional groups, languages.

The stage order repeats the reviews service's (DOMAIN.md, "Country review stages") because
the portal reads only JSON, where a dict's order is lost; a stage it does not know is shown
after the others, under its own name, rather than dropped.

The names are in English, marked for the catalogs (domain/words.py): the pages' filters
(pages/localised.py) show them translated.
"""

from __future__ import annotations

import datetime as dt

from services.portal.domain.words import N_

STAGE_LABELS = {
    "waiting_for_nominations": N_("Waiting for nominations"),
    "preliminary_consultation": N_("Preliminary consultation"),
    "self_assessment": N_("Self-assessment"),
    "written_feedback": N_("Written feedback"),
    "list_of_observations": N_("List of observations"),
    "summary": N_("Summary"),
    "completed": N_("Completed"),
}
STAGES = tuple(STAGE_LABELS)

REGION_LABELS = {
    "african": N_("African States"),
    "asia_pacific": N_("Asia-Pacific States"),
    "eastern_european": N_("Eastern European States"),
    "latin_american_caribbean": N_("Latin American and Caribbean States"),
    "western_european_others": N_("Western European and other States"),
}

LANGUAGE_LABELS = {"ar": N_("Arabic"), "zh": N_("Chinese"), "en": N_("English"),
                   "fr": N_("French"), "ru": N_("Russian"), "es": N_("Spanish")}

CAPACITY_LABELS = {"under_review": N_("State under review"),
                   "reviewing": N_("reviewing State")}

#: the instruments a State is reviewed on (the reviews service's questionnaire)
INSTRUMENT_LABELS = {"convention": N_("Convention"),
                     "trafficking": N_("Trafficking in Persons Protocol"),
                     "smuggling": N_("Smuggling of Migrants Protocol"),
                     "firearms": N_("Firearms Protocol")}

#: the notifications service's states of a message
MESSAGE_STATUSES = {"held": N_("held"), "pending": N_("waiting to be sent"), "sent": N_("sent"),
                    "failed": N_("failed"), "skipped": N_("skipped")}

ROLE_NOUNS = {"focal_point": N_("focal point"), "expert": N_("governmental experts"),
              "observer": N_("observer")}


def humanise(code: str | None) -> str:
    """A readable name for a code the portal has no label for."""
    return (code or "").replace("_", " ").capitalize()


def stage_label(stage: str | None) -> str:
    return STAGE_LABELS.get(stage or "", humanise(stage))


def region_label(region: str | None) -> str:
    return REGION_LABELS.get(region or "", humanise(region) or N_("no regional group"))


def language_label(code: str) -> str:
    return LANGUAGE_LABELS.get(code, code)


def ordered_stages(counts: dict[str, int]) -> list[tuple[str, int]]:
    """(stage, count) in review order, unknown stages last in name order."""
    known = [(s, int(counts.get(s, 0))) for s in STAGES]
    extra = sorted((s, int(n)) for s, n in counts.items() if s not in STAGE_LABELS)
    return known + extra


def parse_day(text: str | None) -> dt.date | None:
    """A YYYY-MM-DD date from the API's JSON, or None."""
    return dt.date.fromisoformat(text[:10]) if text else None


def parse_instant(text: str | None) -> dt.datetime | None:
    """An ISO 8601 instant from the API's JSON (always with its offset), or None."""
    return dt.datetime.fromisoformat(text) if text else None

