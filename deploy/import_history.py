"""Import a history bundle (docs/history-bundle.md) into the running services:

    python -m deploy.import_history path/to/bundle      (make import-history BUNDLE=...)

Hands each service its part over its API as the secretariat, in the order the facts depend
on each other (deploy/history_parts.py), under a correlation id of its own; after each part,
waits until every service has handled the events it caused (GET /events/handled) before the
next part goes, since the next one reads what those events brought. A refused part is listed
line by line (file, line, field, reason) and nothing after it is sent. Says that every
service has handled the import only once they have; exits 1 if any part was refused, could
not be sent, or was not handled everywhere in time.

The services: <SERVICE>_URL, else http://127.0.0.1:<SERVICE>_PORT (make run's ports). The
token: REVMOD_TOKEN, else a secretariat token signed with the key `make run` made.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import requests

from deploy.history_parts import CSV, PARTS, Part, media_type, missing_files
from shared.auth.jwt import issue
from shared.bus import topology
from shared.config import token_signer_from_env, var_dir
from shared.web.correlation import HEADER
from shared.web.handled_everywhere import NotHandledInTime, Verdict, wait_until_handled

#: make run's ports (deploy/run_local.py), for every service on the bus
PORTS = {"nominations": 8001, "reviews": 8002, "lots": 8003, "notifications": 8004,
         "accounts": 8005, "survey": 8006}
#: how long one part's events may take to be handled everywhere (a whole history of 2,000
#: stage changes takes well under a minute)
DEFAULT_TIMEOUT = 600.0


@dataclass
class Outcome:
    part: Part
    #: imported, refused, unavailable, failed or not handled
    status: str
    lines: list[str]


def service_urls() -> dict[str, str]:
    return {s: os.environ.get(f"{s.upper()}_URL")
            or f"http://127.0.0.1:{os.environ.get(f'{s.upper()}_PORT', PORTS[s])}"
            for s in topology.SERVICES}


def secretariat_token() -> str:
    given = os.environ.get("REVMOD_TOKEN")
    if given:
        return given
    signer = token_signer_from_env(var_dir() / "jwt_private_key.pem")
    if signer is None:
        raise SystemExit("no token: set REVMOD_TOKEN to a secretariat token, or run "
                         "`make run` once so that this machine has a signing key")
    return issue(signer, subject="history-import", role="secretariat",
                 lifetime=dt.timedelta(hours=1))


class Importer:
    def __init__(self, urls: dict[str, str], token: str, timeout: float, out=sys.stdout):
        self.urls, self.token, self.timeout, self.out = urls, token, timeout, out
        self.events = 0
        self.started = time.monotonic()  # when the part in hand was sent
        #: per service, seconds from sending its part to its events handled everywhere
        self.seconds: dict[str, float] = {}

    def say(self, line: str) -> None:
        print(line, file=self.out, flush=True)

    def run(self, bundle: Path) -> int:
        outcomes = []
        for part in PARTS:
            outcome = self.import_part(part, bundle)
            outcomes.append(outcome)
            for line in outcome.lines:
                self.say(f"  {line}")
            if outcome.status in ("refused", "failed", "not handled"):
                self.say("nothing after this part was sent: the parts after it depend on it")
                break
        return self.summary(outcomes)

    def import_part(self, part: Part, bundle: Path) -> Outcome:
        files = part.present(bundle)
        self.say(f"{part.service} POST {part.path}: {', '.join(sorted(files)) or 'no file'}")
        missing = missing_files(part, files)
        if missing:
            return Outcome(part, "refused", [f"{name}: missing from the bundle"
                                             for name in missing])
        base = self.urls[part.service]
        try:
            kind = media_type(requests.get(f"{base}/openapi.json", timeout=10).json(),
                              part.path)
        except (requests.RequestException, ValueError) as exc:
            return Outcome(part, "failed", [f"{part.service} did not answer at {base}: "
                                            f"{type(exc).__name__}"])
        if kind is None or (kind == CSV and len(files) > 1):
            return Outcome(part, "unavailable", [
                f"unavailable: {part.service} offers no POST {part.path} for "
                f"{', '.join(sorted(files))} (not built yet); this part was not imported"])
        correlation_id, self.started = str(uuid.uuid4()), time.monotonic()
        headers = {"Authorization": f"Bearer {self.token}", HEADER: correlation_id}
        try:
            if kind == CSV:
                (body,) = files.values()
                answer = requests.post(f"{base}{part.path}", data=body, timeout=self.timeout,
                                       headers={**headers, "Content-Type": CSV})
            else:
                answer = requests.post(f"{base}{part.path}", headers=headers,
                                       timeout=self.timeout,
                                       files={n: (n, b, CSV) for n, b in files.items()})
        except requests.RequestException as exc:
            return Outcome(part, "failed", [f"{part.service} did not answer: {exc}"])
        if answer.status_code != 200:
            return self.refused(part, answer)
        self.say(f"  {part.service} wrote: {answer.text.strip()}")
        return self.wait(part, correlation_id)

    def refused(self, part: Part, answer: requests.Response) -> Outcome:
        try:
            problem = answer.json()
        except ValueError:
            return Outcome(part, "failed", [f"HTTP {answer.status_code}: {answer.text[:300]}"])
        problems = problem.get("problems") or []
        if answer.status_code == 422 and problems:
            return Outcome(part, "refused", [
                f"{p['file']}, line {p['line']}, {p['field']}: {p['reason']}"
                for p in problems])
        return Outcome(part, "failed", [
            f"HTTP {answer.status_code}: {problem.get('detail') or problem.get('title')} "
            f"{problem.get('errors') or ''}".rstrip()])

    def wait(self, part: Part, correlation_id: str) -> Outcome:
        """Until every service has handled what the part caused; a line every few seconds
        says what is still awaited."""
        last = [time.monotonic()]

        def waiting(verdict: Verdict) -> None:
            if time.monotonic() - last[0] >= 5:
                last[0] = time.monotonic()
                self.say(f"  waiting: {'; '.join(verdict.waiting)}")

        try:
            verdict = wait_until_handled(self.urls, correlation_id, self.token,
                                         timeout=self.timeout, interval=0.2, on_wait=waiting)
        except NotHandledInTime as exc:
            return Outcome(part, "not handled", [str(exc)])
        events = sum(verdict.caused.values())
        self.events += events
        self.seconds[part.service] = time.monotonic() - self.started
        kinds = ", ".join(f"{n} {t}" for t, n in sorted(verdict.caused.items()))
        lines = [f"handled everywhere: {events} event(s)" + (f" ({kinds})" if kinds else "")
                 + f", {self.seconds[part.service]:.1f} s after it was sent"]
        lines += [f"dead-lettered by {service}: {d['event_type']} {d['event_id']} "
                  f"({d['reason']})" for service, dead in verdict.dead_lettered.items()
                  for d in dead]
        lines += [f"refused by {service}'s relay (over the size bound): {n} {t}"
                  for service, types in verdict.refused.items() for t, n in types.items()]
        return Outcome(part, "imported" if verdict.clean else "not handled", lines)

    def summary(self, outcomes: list[Outcome]) -> int:
        done = [o for o in outcomes if o.status == "imported"]
        if len(done) == len(PARTS):
            self.say(f"Every service has handled the import ({self.events} events).")
            return 0
        self.say(f"The import is incomplete: {len(done)} of {len(PARTS)} parts imported "
                 "and handled everywhere.")
        for outcome in outcomes:
            if outcome.status != "imported":
                self.say(f"  {outcome.part.name}: {outcome.status}")
        for part in PARTS[len(outcomes):]:
            self.say(f"  {part.name}: not sent")
        return 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy.import_history",
                                     description="Import a history bundle into the services.")
    parser.add_argument("bundle", type=Path, help="the bundle's folder of CSV files")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                        help="seconds a part may take to be handled everywhere")
    args = parser.parse_args(argv)
    if not args.bundle.is_dir():
        parser.error(f"{args.bundle} is not a folder")
    return Importer(service_urls(), secretariat_token(), args.timeout).run(args.bundle)


if __name__ == "__main__":
    raise SystemExit(main())
