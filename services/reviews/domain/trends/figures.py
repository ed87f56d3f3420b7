"""The figures of the general report of trends (note, para. 39; issue 19, item 4): per
article, how many reviews found challenges, good practices and technical assistance needs
of each category, overall and per regional group; the articles and needs found most often;
and the good practices the States under review agreed to publish.

The mechanism produces no ranking of States (DOMAIN.md, "Principles"): nothing here names a
State, and a count drawn from fewer than three reviews is hidden (None): one whose reviews
number fewer than three, or a count of one or two reviews, which would point at them; and so
is any count that would give one of those back by subtraction from the others. A good
practice is quoted only from a review whose State agreed, only under an article that at
least three reviews cover, and at most QUOTES of them per article.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

from services.reviews.domain.observations import CHALLENGE, NEED, SUCCESS
from services.reviews.domain.trends.records import AdoptedList
from shared.suppression import hidden_counts

MIN_REVIEWS = 3
#: how many articles and needs the "most frequent" lists give, and how many good practices
#: an article quotes at the most (the first in the order of their text, repeats once)
TOP = 5
QUOTES = 5
NO_GROUP = "none"
INSTRUMENT_ORDER = ("convention", "trafficking", "smuggling", "firearms")


def shown(count: int, base: int) -> int | None:
    """`count`, or None when it is drawn from fewer than MIN_REVIEWS reviews."""
    if base < MIN_REVIEWS or 0 < count < MIN_REVIEWS:
        return None
    return count


def article_key(key: tuple[str, str]) -> tuple:
    """Convention first, then the Protocols; articles in their number's order (5, 6, 10)."""
    instrument, article = key
    number = re.match(r"\d+", article)
    rank = INSTRUMENT_ORDER.index(instrument) if instrument in INSTRUMENT_ORDER else 99
    return rank, int(number.group()) if number else 0, article


class _Tally:
    """Which reviews found what under one article, within one population."""

    def __init__(self) -> None:
        self.reviews: set[int] = set()
        self.found: dict[str, set[int]] = defaultdict(set)

    def add(self, review_id: int, kind: str, category: str | None) -> None:
        self.reviews.add(review_id)
        self.found[kind if kind != NEED else f"{NEED}:{category}"].add(review_id)

    def counts(self, categories: Iterable[str]) -> dict[str, int]:
        """How many reviews found each thing: "reviews" (under the article at all),
        "challenges", "good_practices", and "need:<category>"."""
        return {"reviews": len(self.reviews), "challenges": len(self.found[CHALLENGE]),
                "good_practices": len(self.found[SUCCESS]),
                **{f"{NEED}:{c}": len(self.found[f"{NEED}:{c}"]) for c in categories}}


def _article_figures(overall: _Tally, groups: Mapping[str, _Tally],
                     codes: list[str]) -> tuple[dict, dict]:
    """One article's figures for all reviews and per regional group, each count hidden
    (None) when drawn from fewer than three reviews, or when it would come back by
    subtraction: each figure for all reviews adds up the groups' (shared/suppression.py)."""
    rows = {None: overall.counts(codes), **{g: t.counts(codes) for g, t in groups.items()}}
    counts = {(name, g): n for g, row in rows.items() for name, n in row.items()}
    primary = {(name, g) for g, row in rows.items() for name, n in row.items()
               if shown(n, row["reviews"]) is None}
    names = list(rows[None])
    sums = [((name, None), [(name, g) for g in groups]) for name in names]
    bases = [(("reviews", g), [(name, g) for name in names[1:]]) for g in rows]
    hidden = hidden_counts(counts, sums, bases, primary)

    def figures(g: str | None) -> dict:
        value = {name: None if (name, g) in hidden else n for name, n in rows[g].items()}
        return {"reviews": value["reviews"], "challenges": value["challenges"],
                "good_practices": value["good_practices"],
                "needs": {c: value[f"{NEED}:{c}"] for c in codes}}

    return figures(None), {g: figures(g) for g in sorted(groups)}


def trend_figures(lists: Sequence[AdoptedList], categories: Mapping[str, str]) -> dict:
    """The report's figures from the lists in force (one per review)."""
    overall: dict[tuple, _Tally] = defaultdict(_Tally)
    by_group: dict[tuple, dict[str, _Tally]] = defaultdict(lambda: defaultdict(_Tally))
    quotes: dict[tuple, list[str]] = defaultdict(list)
    for adopted in lists:
        group = adopted.regional_group or NO_GROUP
        for item in adopted.items:
            key = (item.instrument, item.article)
            overall[key].add(adopted.review_id, item.kind, item.category)
            by_group[key][group].add(adopted.review_id, item.kind, item.category)
            if item.kind == SUCCESS and adopted.good_practices_public:
                quotes[key].append(item.text)
    codes = list(categories)
    articles = []
    for key in sorted(overall, key=article_key):
        figures, per_group = _article_figures(overall[key], by_group[key], codes)
        articles.append({
            "instrument": key[0], "article": key[1], **figures,
            "by_regional_group": per_group,
            "good_practices_quoted": sorted(set(quotes[key]))[:QUOTES]
            if figures["reviews"] else [],
        })
    reviews = len(lists)
    return {"reviews": shown(reviews, reviews), "articles": articles,
            "categories": dict(categories),
            "frequent_challenges": _most_frequent(overall, lambda t: t.found[CHALLENGE]),
            "frequent_needs": _frequent_needs(overall, codes)}


def _most_frequent(tallies: Mapping[tuple, _Tally], found) -> list[dict]:
    counts = Counter({key: len(found(t)) for key, t in tallies.items()
                      if shown(len(found(t)), len(t.reviews))})
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], article_key(kv[0])))
    return [{"instrument": k[0], "article": k[1], "reviews": n} for k, n in ordered[:TOP]]


def _frequent_needs(tallies: Mapping[tuple, _Tally], codes: list[str]) -> list[dict]:
    """Per category, how many reviews found a need of it under any article."""
    reviews: dict[str, set[int]] = defaultdict(set)
    base: set[int] = set()
    for tally in tallies.values():
        base |= tally.reviews
        for code in codes:
            reviews[code] |= tally.found[f"{NEED}:{code}"]
    counts = [(code, shown(len(reviews[code]), len(base))) for code in codes]
    ordered = sorted((c for c in counts if c[1]), key=lambda c: (-c[1], c[0]))
    return [{"category": code, "reviews": n} for code, n in ordered[:TOP]]
