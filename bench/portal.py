"""Benchmark of the portal's main pages: `.venv/bin/python bench/portal.py [--rounds 3]
[--seconds 2] [--size 48]`.

The whole system as `make run` starts it (bench/whole_system.py: two web workers a service
and two for the portal), one group of `--size` States drawn 40 days ago, half of them with a
focal point, one review moved on to the self-assessment questionnaire with half its
questions answered, and the nominations sweep's reminders sent (bench/portal_seed.py). A
secretariat account signs in through the portal's own forms with its password and second
factor, so that every page also asks the accounts service whether the session holds, as it
does for every person.

The main ten, as the secretariat sees them: the overview, the reviews, a review, the draws,
a draw, the missing nominations, the questionnaire, one question (answer and feedback), the
list of observations and the summary; and the home page as the State under review's focal
point sees it, its open tasks (home_focal_point; signed in with a pasted token, so without
the session check); and the secretariat's two reports (trends, surveys), empty on this
seed. For each, 8 users (client threads on keep-alive connections, each
asking again as soon as it is answered) load the page, and in alternating rounds load the
owning service's API for the same data with a token of the same role: the baseline, which
says how much of a page's time is the portal's own. Figures per page:
- <page>_p50, <page>_p99: server time in ms (loopback, so the client's clock is the
  server's), target p99 <= 300 ms; <page>_p50_baseline, <page>_p99_baseline: the API's;
  <page>_p99_ratio;
- <page>_bytes: what a first visit downloads, the HTML and its stylesheet (the icon is
  inline and nothing else loads), target <= 100 KB.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import requests  # noqa: E402

from bench.closed_loop import Figures, Fixed, alternate, percentile_ms  # noqa: E402
from bench.portal_seed import (  # noqa: E402
    Seeded,
    pasted_token_session,
    seed,
    signed_in_session,
)
from bench.whole_system import bench_system, print_machine  # noqa: E402

NAME = "BENCH portal"
USERS = 8
MAX_P99_MS = 300
MAX_BYTES = 100 * 1024
_STYLESHEETS = re.compile(r'<link rel="stylesheet" href="([^"]+)"')


@dataclass(frozen=True)
class Page:
    """A main page, and the owning service's API request for the data it shows."""

    name: str
    path: str
    service: str
    api: str


def main_pages(seeded: Seeded) -> list[Page]:
    """The portal's main ten, as the secretariat sees them."""
    today, review, draw = seeded.today.isoformat(), seeded.review_id, seeded.draw_id
    questionnaire = f"/reviews/{review}/questionnaire"
    return [
        Page("overview", "/", "reviews", f"/reports/status?as_of={today}&nominations=false"),
        Page("reviews", "/reviews", "reviews", "/reviews?page_size=25"),
        Page("review", f"/reviews/{review}", "reviews", f"/reviews/{review}"),
        Page("draws", "/draws", "lots", "/groups?page_size=100"),
        Page("draw", f"/draws/{draw}", "lots", f"/draws/{draw}?picks=false"),
        Page("missing", "/missing", "nominations", f"/missing?as_of={today}&page_size=25"),
        Page("questionnaire", questionnaire, "reviews", questionnaire),
        Page("question", f"{questionnaire}/{seeded.question_id}", "reviews",
             f"{questionnaire}/answers/{seeded.question_id}"),
        Page("observations", f"/reviews/{review}/observations", "reviews",
             f"/reviews/{review}/observation-lists"),
        Page("summary", f"/reviews/{review}/summary", "reviews", f"/reviews/{review}/summary"),
    ]


def report_pages(seeded: Seeded) -> list[Page]:
    """The secretariat's reports, on this seed's data: no list of observations is adopted
    and no survey opened, so they measure the pages' frame (bench/trends.py and
    bench/survey.py load the reports themselves)."""
    return [Page("trends", "/reports/trends", "reviews",
                 f"/reports/trends?as_of={seeded.today.isoformat()}"),
            Page("surveys", "/reports/surveys", "survey", "/surveys")]


def home_of_the_state_under_review(seeded: Seeded) -> Page:
    """The home page as the focal point of the State under review sees it: its open tasks
    across its reviews, beside its State's reviews from the API."""
    return Page("home_focal_point", "/", "reviews",
                f"/reviews?state={seeded.state_under_review}")


def cookie_of(session: requests.Session) -> dict:
    return {"Cookie": "; ".join(f"{c.name}={c.value}" for c in session.cookies)}


def port_of(url: str) -> int:
    return urlsplit(url).port


def weight(session: requests.Session, portal: str, path: str) -> int:
    """Bytes of the page's HTML and of every stylesheet it links, read with the session's
    cookies on a connection of their own: the session's kept-alive one may have been
    closed by the server while the previous page's rounds ran (seen in CI as
    RemoteDisconnected)."""
    def get(url: str) -> requests.Response:
        answer = requests.get(url, cookies=session.cookies, timeout=30)
        answer.raise_for_status()
        return answer

    page = get(portal + path)
    sheets = [get(portal + href) for href in _STYLESHEETS.findall(page.text)]
    return len(page.content) + sum(len(s.content) for s in sheets)


def report(page: Page, figures: Figures, baseline: Figures, size: int) -> None:
    stem = f"{NAME} {page.name}"
    p99, base_p99 = percentile_ms(figures.all(), 99), percentile_ms(baseline.all(), 99)
    print(f"{stem}_p50 {percentile_ms(figures.all(), 50):.1f} ms")
    print(f"{stem}_p99 {p99:.1f} ms target <= {MAX_P99_MS}")
    print(f"{stem}_p50_baseline {percentile_ms(baseline.all(), 50):.1f} ms")
    print(f"{stem}_p99_baseline {base_p99:.1f} ms")
    print(f"{stem}_p99_ratio {p99 / base_p99:.2f} x")
    print(f"{stem}_bytes {size} bytes target <= {MAX_BYTES}")
    print(f"{stem}_requests {len(figures.all())} requests")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=2.0, help="of each round")
    parser.add_argument("--size", type=int, default=48, help="States under review in the group")
    args = parser.parse_args(argv)
    with bench_system("sqlite") as (system, sink):
        seeded = seed(system, sink, args.size)
        portal = system.urls["portal"]
        secretariat = signed_in_session(system)
        focal_point = pasted_token_session(system, "focal_point", seeded.state_under_review)
        views = [(page, secretariat, seeded.token)
                 for page in main_pages(seeded) + report_pages(seeded)] + [
            (home_of_the_state_under_review(seeded), focal_point,
             system.token("focal_point", seeded.state_under_review))]
        for page, session, token in views:
            size = weight(session, portal, page.path)
            figures, baseline = alternate([
                (Fixed(port_of(portal), page.path, page.name), cookie_of(session)),
                (Fixed(port_of(system.urls[page.service]), page.api, "api"),
                 {"Authorization": f"Bearer {token}"}),
            ], args.rounds, args.seconds, connections=USERS)
            report(page, figures, baseline, size)
    print(f"{NAME} reviews_seeded {seeded.reviews} reviews")
    print_machine("portal")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
