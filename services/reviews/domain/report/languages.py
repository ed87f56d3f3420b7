"""The working languages agreed at the preliminary consultations (note, paras. 25-27):
how many reviews chose one language and which, two and which pairs, three and which, and
how many held their consultation without agreeing on them. The shares are of every review
whose consultation was held, agreed or not ("out of the 37 reviews in which the
preliminary consultation was already conducted, 57 per cent ... (21 reviews)")."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from services.reviews.domain.rules import LANGUAGE_NAMES

NUMBERS = {1: "one", 2: "two", 3: "three"}


def language_key(code: str) -> tuple[int, str]:
    """The note lists English first, then the others by name ("English and Arabic")."""
    return (0 if code == "en" else 1, LANGUAGE_NAMES.get(code, code))


def language_figures(agreements: Iterable[tuple[str, ...]], without_agreement: int = 0
                     ) -> dict:
    agreed = [tuple(sorted(set(langs), key=language_key)) for langs in agreements]
    held = len(agreed) + without_agreement
    figures: dict = {"reviews": held, "without_agreement": without_agreement}
    for size, name in NUMBERS.items():
        combos = Counter(langs for langs in agreed if len(langs) == size)
        figures[name] = {
            "reviews": sum(combos.values()),
            "share": _share(sum(combos.values()), held),
            "combinations": [{"languages": list(langs), "reviews": n} for langs, n in
                             sorted(combos.items(), key=lambda kv: (-kv[1], [
                                 language_key(c) for c in kv[0]]))],
        }
    return figures


def _share(part: int, whole: int) -> int | None:
    """Whole per cent, half up, as the note gives shares ("57 per cent")."""
    return None if whole == 0 else (200 * part + whole) // (2 * whole)
