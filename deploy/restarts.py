"""How `make run` (deploy/run_local.py) keeps its processes up, as compose and k8s do: a
process that dies is started again after a back-off (1 s, doubling to 30 s while it keeps
dying; 1 s again once it has run for a minute), and the console says so, as does
var/log/restarts.log.
"""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: the back-off before a process that died is started again, and how long it must then
#: run for its next death to wait the first delay again
FIRST_DELAY, LAST_DELAY, STEADY_SECONDS = 1.0, 30.0, 60.0


class Managed:
    """One process of the system, started again whenever it dies."""

    def __init__(self, name: str, cmd: list[str], env: dict, log: Path) -> None:
        self.name, self.cmd, self.env, self.log = name, cmd, env, log
        self.delay = FIRST_DELAY
        self.restart_at: float | None = None
        self.start()

    def start(self) -> None:
        with open(self.log, "ab") as out:
            self.process = subprocess.Popen(self.cmd, cwd=ROOT, env=self.env, stdout=out,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        self.started = time.monotonic()

    def tend(self) -> None:
        """Note a death and when to start again; start again once that time has come."""
        now = time.monotonic()
        if self.restart_at is None and self.process.poll() is not None:
            if now - self.started >= STEADY_SECONDS:
                self.delay = FIRST_DELAY
            self.restart_at = now + self.delay
            said = (f"{self.name} {ended(self.process.returncode)}; restarting in "
                    f"{self.delay:g} s (log {self.log})")
            print(said, flush=True)
            with open(self.log.parent / "restarts.log", "a") as restarts:
                restarts.write(f"{time.strftime('%Y-%m-%dT%H:%M:%S')} {said}\n")
            self.delay = min(self.delay * 2, LAST_DELAY)
        elif self.restart_at is not None and now >= self.restart_at:
            self.restart_at = None
            self.start()


def ended(status: int) -> str:
    if status < 0:
        return f"was killed by {signal.Signals(-status).name}"
    return f"exited with {status}"


def stop_all(procs: dict[str, Managed]) -> None:
    running = [m.process for m in procs.values() if m.process.poll() is None]
    for p in running:
        p.terminate()
    for p in running:
        try:
            p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            p.kill()
