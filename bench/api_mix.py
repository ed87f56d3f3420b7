"""The mixed workload of bench/api.py: what a secretariat browsing the system asks for, with
one change for every twenty reads.

The reads are the main read endpoints of all four services, each drawn at random with its
filters, page and page size: the reviews list (by stage, State, group), a review, the
nominations (by State, role, status), the missing nominations as of a day, the States (by
region), the groups, a draw, the messages (by State, status), and the status report as of a
day. So most requests differ from the ones before them, and the page cache that answers a
repeated reviews list (shared/web/page_cache.py) can answer few of them; how many it could
answer at most is counted. Every twenty-first request is a change, in turn a review's stage
moved (bench/review_stages.py), which makes the cached pages of the reviews list stale, and
an expert nominated (bench/nomination_changes.py).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import threading
from urllib.parse import urlencode, urlsplit

from bench.closed_loop import Request
from bench.nomination_changes import ExpertNominator
from bench.review_stages import CONSULTATION, QUESTIONNAIRE, StageMover

#: one change after this many reads
READS_PER_WRITE = 20
PAGE_SIZES = (5, 10, 20, 50)
REGIONS = ("african", "asia_pacific", "eastern_european", "latin_american_caribbean",
           "western_european_others")
#: how often each read is drawn, out of their sum
WEIGHTS = {"reviews_list": 4, "review": 3, "nominations": 2, "missing": 2, "states": 2,
           "groups": 1, "draw": 1, "messages": 2, "status_report": 1}


class MixedWorkload:
    """Requests for the running `system`, set up with `reviews` and their `focal_points`
    (bench/review_stages.py: started_reviews)."""

    def __init__(self, system, reviews: list[dict], focal_points: list[dict],
                 seed: int = 20) -> None:
        self.ports = {s: urlsplit(url).port for s, url in system.urls.items()}
        self.review_ids = [r["id"] for r in reviews]
        self.draw_ids = sorted({r["draw_id"] for r in reviews})
        self.states = sorted({c for r in reviews
                              for c in (r["state_under_review"], *r["reviewing_states"])})
        self.today = dt.datetime.now(dt.UTC).date()
        self.writers = [StageMover(system.urls["reviews"], reviews),
                        ExpertNominator(system.urls["nominations"], focal_points)]
        self.rng = random.Random(seed)
        self.lock = threading.Lock()
        self.sent = self.writes = self.could_be_cached = 0
        self.paths: set[str] = set()
        self._changing: dict[int, object] = {}  # a change's number -> who made it
        self._fresh: set[str] = set()  # reviews list pages asked for since the last change

    def next(self) -> Request:
        with self.lock:
            n, self.sent = self.sent, self.sent + 1
            if n % (READS_PER_WRITE + 1) == READS_PER_WRITE:
                self.writes += 1
                writer = self._changing[n] = self.writers[self.writes % len(self.writers)]
                if isinstance(writer, StageMover):
                    self._fresh.clear()
            else:
                return self._read()
        url, body = writer.request(n)  # a stage change may wait for its review to be free
        split = urlsplit(url)
        return Request(split.port, split.path, "write", "POST", body, tag=n)

    def answered(self, request: Request, status: int, body: bytes) -> None:
        if request.tag is not None:
            with self.lock:
                writer = self._changing.pop(request.tag)
            writer.answered(request.tag, status, json.loads(body) if status < 300 else None)

    def _read(self) -> Request:
        kind = self.rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0]
        service, path = getattr(self, f"_{kind}")()
        if kind == "reviews_list":
            self.could_be_cached += path in self._fresh
            self._fresh.add(path)
        self.paths.add(path)
        return Request(self.ports[service], path, kind)

    def _page(self, **filters) -> str:
        """A query string with the filters given (those not None), a page size and a page
        from the first few."""
        size = self.rng.choice(PAGE_SIZES)
        query = {k: v for k, v in filters.items() if v is not None}
        return urlencode({**query, "page_size": size, "page": self.rng.randint(1, 3)})

    def _maybe(self, values):
        return self.rng.choice([None, *values])

    def _day(self, latest: int = 90) -> str:
        """A day from a month ago to `latest` days ahead."""
        return (self.today + dt.timedelta(days=self.rng.randint(-30, latest))).isoformat()

    def _reviews_list(self):
        return "reviews", "/reviews?" + self._page(
            stage=self._maybe((CONSULTATION, QUESTIONNAIRE)), state=self._maybe(self.states),
            group_number=self._maybe((1,)))

    def _review(self):
        return "reviews", f"/reviews/{self.rng.choice(self.review_ids)}"

    def _nominations(self):
        return "nominations", "/nominations?" + self._page(
            state_code=self._maybe(self.states), role=self._maybe(("focal_point", "expert")),
            status=self._maybe(("nominated", "active", "withdrawn")))

    def _missing(self):
        return "nominations", "/missing?" + self._page(
            as_of=self._day(), role=self._maybe(("focal_point", "expert")))

    def _states(self):
        return "lots", "/states?" + self._page(regional_group=self._maybe(REGIONS))

    def _groups(self):
        return "lots", "/groups?" + self._page()

    def _draw(self):
        return "lots", f"/draws/{self.rng.choice(self.draw_ids)}"

    def _messages(self):
        return "notifications", "/messages?" + self._page(
            state_code=self._maybe(self.states), status=self._maybe(("pending", "sent")))

    def _status_report(self):
        return "reviews", "/reports/status?" + urlencode({"as_of": self._day(latest=0)})
