"""`make run` is a process manager: a worker killed with SIGKILL is started again after a
back-off, the console says so, and the system goes on doing its work; the new worker's
liveness probe is green."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import threading

from harness.system import child_pid, draw_group, running_system
from harness.waiting import eventually
from shared.config import REPO_ROOT


def console(system) -> list[str]:
    """The lines run_local prints after its banner, collected as they come."""
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(iter(system.console.get, "")),
                     daemon=True).start()
    return lines


def test_worker_is_started_again_and_a_letter_goes_out_when_it_was_killed(tmp_path, amqp_url):
    with running_system("sqlite", tmp_path, amqp_url) as system:
        lines = console(system)
        worker = "services.notifications.worker"
        pid = eventually(lambda: child_pid(system.process.pid, worker))
        for delay in (1, 2):  # killed again soon after its restart, it waits twice as long
            os.kill(pid, signal.SIGKILL)
            said = eventually(lambda: [line for line in lines if "restarting" in line], 30)
            assert said[-1].startswith(
                f"notifications-worker was killed by SIGKILL; restarting in {delay} s")
            lines.clear()
            pid = eventually(lambda old=pid: (new := child_pid(system.process.pid, worker))
                             not in (None, old) and new, 30)
        draw_group(system, 3, starts_on=dt.date.today().isoformat())
        eventually(lambda: list(system.mail_dir.glob("*.eml")), 60)
        assert child_pid(system.process.pid, worker) == pid
        assert system.process.poll() is None
        assert [line.split(" ", 1)[1].split(";")[0] for line in system.restarts()] == [
            "notifications-worker was killed by SIGKILL"] * 2
        probe = subprocess.run(
            [sys.executable, "-m", "shared.liveness", "notifications"], cwd=REPO_ROOT,
            env={**system.env, "WORKER_HEARTBEAT_DIR": system.env["REVMOD_VAR_DIR"] + "/run"},
            capture_output=True, text=True, timeout=30)
        assert probe.returncode == 0, probe.stderr
        assert probe.stdout.startswith("notifications worker alive: relay, consumer")
