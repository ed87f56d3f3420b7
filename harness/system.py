"""The whole system as real processes: `deploy/run_local.py` (what `make run` starts) with
its own ports, databases, RabbitMQ vhost, mail folder and signing key, and the portal. The
end-to-end tests, the fault tests and the benchmarks that need every service running start
it from here."""

from __future__ import annotations

import contextlib
import functools
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import requests

from harness.broker import will_have_users
from harness.databases import database
from harness.keys import signer_of
from shared.auth.jwt import issue
from shared.bus import topology
from shared.bus.broker_setup import vhost_of
from shared.config import REPO_ROOT
from shared.web.correlation import HEADER
from shared.web.handled_everywhere import Verdict, wait_until_handled

SERVICES = ("nominations", "reviews", "lots", "notifications", "accounts", "survey")
#: every broker connection the four workers hold: a relay each, and a consumer and a
#: dead-letter keeper for each service that subscribes
WORKER_CONNECTIONS = frozenset({f"{s}-relay" for s in SERVICES}
                               | {f"{s}-{part}" for s in topology.SUBSCRIPTIONS
                                  for part in ("consumer", "dead")})


#: ports below the kernel's ephemeral range (32768 and up on Linux), where every process's
#: outbound connections take their local ports: a port the kernel hands out there can be
#: taken by such a connection in the seconds before the server binds it ("Address already in
#: use", seen when two test processes run side by side). Each pytest-xdist worker takes a
#: block of its own, so that two workers never offer each other the same port.
PORT_BLOCK = 2000
FIRST_PORT = 20000


def _candidate_ports() -> Iterator[int]:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    index = int(worker) if worker.isdigit() else 0
    start = FIRST_PORT + (index % 6) * PORT_BLOCK
    while True:
        yield from range(start, start + PORT_BLOCK)


_CANDIDATES = _candidate_ports()


def free_port() -> int:
    """The next port of this process's block that nothing listens on."""
    for port in _CANDIDATES:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise AssertionError("unreachable: the candidates never end")


@dataclass
class System:
    urls: dict[str, str]
    env: dict[str, str]
    mail_dir: Path
    process: subprocess.Popen
    start_output: list[str] = field(default_factory=list)
    # run_local's console after its banner, a line an item; "" once it has exited
    console: queue.Queue[str] = field(default_factory=queue.Queue)

    def console_after_stop(self) -> str:
        """All run_local printed after its banner: call once it has been stopped."""
        return "".join(iter(lambda: self.console.get(timeout=30), ""))

    def cli(self, service: str, *args: str) -> str:
        done = subprocess.run([sys.executable, "-m", f"services.{service}.cli", *args],
                              cwd=REPO_ROOT, env=self.env, capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout

    @functools.cached_property
    def http(self) -> requests.Session:
        """HTTP as the secretariat: the services refuse any request without a token."""
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {self.token('secretariat')}"
        return session

    def token(self, role: str, state: str | None = None) -> str:
        """A token signed with the system's own key (which run_local made in its var/), as
        its services will verify it."""
        return issue(signer_of(self.env), subject=f"e2e-{role}", role=role, state=state)

    def wait_handled(self, write: requests.Response, timeout: float = 60) -> Verdict:
        """Wait until every service has handled the events `write` caused (its
        X-Correlation-Id), and none was given up on."""
        found = wait_until_handled(self.urls, write.headers[HEADER],
                                   self.token("secretariat"), timeout=timeout)
        assert found.clean, found
        return found

    def restarts(self) -> list[str]:
        """What run_local has started again since the system was up, one line each."""
        path = Path(self.env["REVMOD_VAR_DIR"]) / "log" / "restarts.log"
        return path.read_text().splitlines() if path.exists() else []

    def database_url(self, service: str) -> str:
        """Where `service` keeps its data: the URL given, or run_local's SQLite file."""
        return self.env.get(f"{service.upper()}_DATABASE_URL") or (
            f"sqlite:///{self.env['REVMOD_VAR_DIR']}/{service}.db")


BANNER_END = "Press Ctrl-C to stop."


def wait_ready(system: System, timeout: float = 90) -> None:
    """Wait for run_local's banner, which it prints once every service is ready and before
    it starts tending its children: a worker killed earlier would end run_local itself
    ("exited during start") instead of being started again, as seen once in CI. What came
    before the banner is kept in `system.start_output`."""
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in
                                     iter(system.process.stdout.readline, "")] + [lines.put("")],
                     daemon=True).start()
    deadline = time.monotonic() + timeout
    while True:
        try:
            line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise AssertionError(f"run_local not ready in {timeout}s: "
                                 f"{''.join(system.start_output)}") from None
        if not line:
            raise AssertionError(f"run_local exited: {''.join(system.start_output)}")
        system.start_output.append(line)
        if line.startswith(BANNER_END):
            system.console = lines
            return


@contextmanager
def running_system(backend: str, tmp_path: Path, amqp_url: str,
                   database_urls: dict[str, str] | None = None,
                   settings: dict[str, str] | None = None) -> Iterator[System]:
    """Every process of `make run` on `backend` ("sqlite" or "postgres": new databases on the
    machine's server) or on the `database_urls` given, with the environment `settings`
    added; stopped after. `amqp_url` is the administrator's: `make run` sets up on its vhost
    a user per service named after the vhost, and each worker connects as its own."""
    will_have_users(amqp_url)
    with ExitStack() as stack:
        var = tmp_path / "var"
        env = {**{k: v for k, v in os.environ.items() if not k.startswith("JWT_")},
               "AMQP_URL": amqp_url, "REVMOD_VAR_DIR": str(var),
               # run_local makes the system's own key pair here
               "JWT_PRIVATE_KEY_FILE": str(var / "jwt_private_key.pem"),
               "AMQP_USER_PREFIX": vhost_of(amqp_url),
               "MAIL_DIR": str(tmp_path / "mail"), "SMTP_SINK_PORT": str(free_port()),
               "NOMINATIONS_SWEEP_SECONDS": "3600",
               # the portal's tests sign in as any role with a token the harness signs
               "PORTAL_ACCEPTS_PASTED_TOKENS": "true",
               "PORTAL_PORT": str(free_port()),
               # one web worker a service (make run starts two): no test needs more, and
               # five fewer processes to start and stop save the suite 2-3 s a system
               "WEB_CONCURRENCY": "1", **(settings or {})}
        urls = {}
        for service in SERVICES:
            port = free_port()
            env[f"{service.upper()}_PORT"] = str(port)
            urls[service] = f"http://127.0.0.1:{port}"
            if database_urls:
                env[f"{service.upper()}_DATABASE_URL"] = database_urls[service]
            elif backend == "postgres":
                env[f"{service.upper()}_DATABASE_URL"] = stack.enter_context(
                    database("postgres", tmp_path))
        urls["portal"] = f"http://127.0.0.1:{env['PORTAL_PORT']}"
        process = subprocess.Popen([sys.executable, "deploy/run_local.py"], cwd=REPO_ROOT,
                                   env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   text=True, start_new_session=True)
        running = System(urls, env, tmp_path / "mail", process)
        try:
            wait_ready(running)
            yield running
        finally:
            stop_group(process)


def child_pid(parent: int, module: str) -> int | None:
    """The process that `parent` started to run `python -m module`, if one runs."""
    for proc in Path("/proc").iterdir():
        try:
            ppid = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
            cmdline = (proc / "cmdline").read_bytes().split(b"\0")
        except (OSError, ValueError, IndexError):
            continue  # not a process, or one that ended while we looked
        if ppid == parent and module.encode() in cmdline:
            return int(proc.name)
    return None


def stop_group(process: subprocess.Popen) -> None:
    """SIGTERM to run_local and its children, SIGKILL if they linger. A group already gone
    (run_local died starting) is no error: the failure that ended it is the one to see."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def draw_group(system: System, size: int, starts_on: str = "2020-12-01") -> list[str]:
    """Draw lots over HTTP for a group of `size` States and wait until every service has
    handled the draw (the reviews exist, and the nominations service expects a focal point
    from every State taking part); return those States."""
    lots, reviews, nominations = (system.urls[s] for s in ("lots", "reviews", "nominations"))
    http = system.http
    states = [s["code"] for s in http.get(
        f"{lots}/states?as_of={starts_on}&page_size=100", timeout=10).json()]
    group = http.post(f"{lots}/groups", json={
        "number": 1, "starts_on": starts_on, "states_under_review": states[:size]},
        timeout=10)
    assert group.status_code == 201, group.text
    draw = http.post(f"{lots}/groups/{group.json()['id']}/draw", json={}, timeout=30)
    assert draw.status_code == 201, draw.text
    system.wait_handled(draw)
    drawn = http.get(f"{reviews}/reviews?page_size=100", timeout=10).json()  # one page
    assert len(drawn) == size, drawn
    taking_part = {code for r in drawn
                   for code in (r["state_under_review"], *r["reviewing_states"])}
    missing = f"{nominations}/missing?as_of=2030-01-01&role=focal_point&page_size=100"
    assert {p["state_code"] for p in http.get(missing, timeout=10).json()} == taking_part
    return sorted(taking_part)
