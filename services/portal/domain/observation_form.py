"""The list of observations as the portal drafts it, one article at a time.

The reviews service takes a whole list with each version (POST .../observation-lists); the
portal lets a reviewing State draft one article per page, so it sends the latest version's
other articles as they stand with the article edited in place: each save is a new version,
and nothing another reviewing State wrote on another article is lost.

An article's form holds one field per item, named `successes-<n>`, `challenges-<n>` and
`needs-<n>-category` / `needs-<n>-text`: the items saved and two empty ones (a page
without JavaScript cannot add fields); an item left empty is not an item.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

#: the most items of each kind the service takes per article (its ITEMS bound)
ITEMS = 50
EMPTY_ROWS = 2
KIND_OF = {"success": "successes", "challenge": "challenges", "need": "needs"}


def entry_of(article: Mapping) -> dict:
    """A version's article ({instrument, article, items}) as the service takes it back."""
    entry: dict = {"instrument": article["instrument"], "article": article["article"],
                   "successes": [], "challenges": [], "needs": []}
    for item in article.get("items", ()):
        key = KIND_OF.get(item.get("kind"))
        if key == "needs":
            entry["needs"].append({"category": item.get("category") or "",
                                   "text": item["text"]})
        elif key:
            entry[key].append(item["text"])
    return entry


def read_article(form: Mapping[str, str], instrument: str, article: str) -> dict:
    """One article's observations as posted, its empty items left out."""
    def text(name: str) -> str:
        return (form.get(name) or "").replace("\r\n", "\n").strip()

    needs = []
    for n in range(ITEMS + EMPTY_ROWS):
        need = {"category": text(f"needs-{n}-category"), "text": text(f"needs-{n}-text")}
        if need["text"]:
            needs.append(need)
    return {"instrument": instrument, "article": article,
            "successes": [t for n in range(ITEMS + EMPTY_ROWS) if (t := text(f"successes-{n}"))],
            "challenges": [t for n in range(ITEMS + EMPTY_ROWS)
                           if (t := text(f"challenges-{n}"))],
            "needs": needs}


def is_empty(entry: Mapping) -> bool:
    return not (entry["successes"] or entry["challenges"] or entry["needs"])


def merged(latest: Mapping | None, entry: Mapping) -> tuple[list[dict], int | None]:
    """The whole list to send: the latest version's articles with `entry` in its place (or
    added after them; left out when it holds nothing), and where it stands in the list."""
    articles = [entry_of(a) for a in (latest or {}).get("articles", ())]
    key = (entry["instrument"], entry["article"])
    at = next((i for i, a in enumerate(articles) if (a["instrument"], a["article"]) == key),
              None)
    if is_empty(entry):
        if at is not None:
            del articles[at]
        return articles, None
    if at is None:
        articles.append(dict(entry))
        return articles, len(articles) - 1
    articles[at] = dict(entry)
    return articles, at


def with_empty_rows(entry: Mapping) -> dict:
    """The article's items and EMPTY_ROWS empty fields of each kind to fill in."""
    return {**entry,
            "successes": [*entry["successes"], *[""] * EMPTY_ROWS][:ITEMS],
            "challenges": [*entry["challenges"], *[""] * EMPTY_ROWS][:ITEMS],
            "needs": [*entry["needs"], *[{"category": "", "text": ""}] * EMPTY_ROWS][:ITEMS]}


def article_errors(errors: Mapping[str, list[str]], at: int | None) -> dict[str, list[str]]:
    """The service's field errors about the article at `at` of the list, named as the
    article's form names its fields ("articles.3.needs.0.category" and the rules'
    "articles[3].needs[0].category" both become "needs.0.category")."""
    if at is None:
        return {}
    prefix = f"articles.{at}."
    found = {}
    for name, messages in errors.items():
        plain = re.sub(r"\[(\d+)\]", r".\1", name)
        if plain.startswith(prefix):
            found[plain.removeprefix(prefix)] = messages
    return found


def latest_of(versions: Iterable[Mapping]) -> dict | None:
    ordered = sorted(versions, key=lambda v: v.get("version", 0))
    return dict(ordered[-1]) if ordered else None
