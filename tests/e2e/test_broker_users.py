"""`make run` sets up the broker and the token keys with least privilege for real: every
part of every worker connects as its own service's user, never as the administrator; no
process but the accounts web process holds the signing key, and the workers hold no key at
all."""

from __future__ import annotations

from pathlib import Path

import jwt
import requests

from harness.broker import connections
from harness.system import SERVICES, running_system
from harness.waiting import eventually
from shared.bus import topology
from shared.bus.broker_setup import vhost_of

#: a relay in each worker, and a consumer and a dead-letter keeper where a service consumes
PARTS = {f"{s}-relay": s for s in SERVICES} | {
    f"{s}-{part}": s for s in topology.SUBSCRIPTIONS for part in ("consumer", "dead")}


def environments_under(parent: int) -> dict[str, set[str]]:
    """The names in the environment of every process below `parent`, by command line."""
    children: dict[int, list[int]] = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            ppid = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(proc.name))
    found, todo = {}, list(children.get(parent, []))
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            command = (Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")).decode()
            names = {entry.split(b"=", 1)[0].decode()
                     for entry in Path(f"/proc/{pid}/environ").read_bytes().split(b"\0") if entry}
        except OSError:
            continue
        found[f"{pid} {command}"] = names
    return found


def test_every_worker_connects_as_its_own_services_user_when_make_run_starts(
        tmp_path, amqp_url):
    vhost = vhost_of(amqp_url)
    with running_system("sqlite", tmp_path, amqp_url) as system:
        found = eventually(lambda: (c := connections(vhost)).keys() >= PARTS.keys() and c,
                           timeout=60)
        environments = environments_under(system.process.pid)
        old_secret = jwt.encode({"sub": "x", "role": "secretariat"}, "k" * 32,
                                algorithm="HS256")
        refused = requests.get(f"{system.urls['lots']}/states", timeout=10,
                               headers={"Authorization": f"Bearer {old_secret}"})
        accepted = system.http.get(f"{system.urls['lots']}/states", timeout=10)
    assert {name: found[name] for name in PARTS} == {
        name: f"{vhost}-{service}" for name, service in PARTS.items()}
    workers = [c for c in environments if ".worker" in c]
    webs = [c for c in environments if "gunicorn" in c and "portal" not in c]
    assert [c for c in environments if "services.accounts.app" in c]
    assert len(workers) == len(SERVICES) and webs
    holders = {c for c, names in environments.items() if "JWT_PRIVATE_KEY_FILE" in names}
    assert holders and all("services.accounts.app" in c for c in holders)
    assert not [c for c in workers if any(n.startswith("JWT_") for n in environments[c])]
    assert all("JWT_PUBLIC_KEYS" in environments[c] for c in webs)
    assert (refused.status_code, accepted.status_code) == (401, 200)
