"""How the portal names things: stages in review order, UN regional groups, languages.

The stage order repeats the reviews service's (DOMAIN.md, "Country review stages") because
the portal reads only JSON, where a dict's order is lost; a stage it does not know is shown
after the others, under its own name, rather than dropped.
"""

from __future__ import annotations

import datetime as dt

STAGE_LABELS = {
    "waiting_for_nominations": "Waiting for nominations",
    "preliminary_consultation": "Preliminary consultation",
    "self_assessment": "Self-assessment",
    "written_feedback": "Written feedback",
    "list_of_observations": "List of observations",
    "summary": "Summary",
    "completed": "Completed",
}
STAGES = tuple(STAGE_LABELS)

REGION_LABELS = {
    "african": "African States",
    "asia_pacific": "Asia-Pacific States",
    "eastern_european": "Eastern European States",
    "latin_american_caribbean": "Latin American and Caribbean States",
    "western_european_others": "Western European and other States",
}

LANGUAGE_LABELS = {"ar": "Arabic", "zh": "Chinese", "en": "English", "fr": "French",
                   "ru": "Russian", "es": "Spanish"}

CAPACITY_LABELS = {"under_review": "State under review", "reviewing": "reviewing State"}

ROLE_NOUNS = {"focal_point": "focal point", "expert": "governmental experts",
              "observer": "observer"}


def humanise(code: str | None) -> str:
    """A readable name for a code the portal has no label for."""
    return (code or "").replace("_", " ").capitalize()


def stage_label(stage: str | None) -> str:
    return STAGE_LABELS.get(stage or "", humanise(stage))


def region_label(region: str | None) -> str:
    return REGION_LABELS.get(region or "", humanise(region) or "no regional group")


def language_label(code: str) -> str:
    return LANGUAGE_LABELS.get(code, code)


def ordered_stages(counts: dict[str, int]) -> list[tuple[str, int]]:
    """(stage, count) in review order, unknown stages last in name order."""
    known = [(s, int(counts.get(s, 0))) for s in STAGES]
    extra = sorted((s, int(n)) for s, n in counts.items() if s not in STAGE_LABELS)
    return known + extra


def long_date(day: dt.date | None) -> str:
    """'1 December 2020', as the secretariat writes dates; a dash for none."""
    return f"{day.day} {day:%B %Y}" if day else "—"


def parse_day(text: str | None) -> dt.date | None:
    """A YYYY-MM-DD date from the API's JSON, or None."""
    return dt.date.fromisoformat(text[:10]) if text else None


def parse_instant(text: str | None) -> dt.datetime | None:
    """An ISO 8601 instant from the API's JSON (always with its offset), or None."""
    return dt.datetime.fromisoformat(text) if text else None


def percent(value: float | int | None) -> str:
    """12.5 as '12.5' and 0.0 as '0', one decimal at most: as the note prints it."""
    return "—" if value is None else f"{float(value):.1f}".removesuffix(".0")


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


#: the names the page templates use for these (Jinja filters)
FILTERS = {
    "stage": stage_label,
    "region": region_label,
    "language": language_label,
    "role_noun": lambda role: ROLE_NOUNS.get(role, humanise(role)),
    "capacity": lambda capacity: CAPACITY_LABELS.get(capacity, humanise(capacity)),
    "humanise": humanise,
    "percent": percent,
    "ordinal": ordinal,
}
