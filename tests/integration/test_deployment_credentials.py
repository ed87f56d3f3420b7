"""The deployment files open nothing but the web ports and hold no credential: compose binds
the broker, its management UI and the mail viewer to this machine, takes every password
from the environment (or the .env `make .env` writes), and makes the broker's users from
those passwords; the k8s manifests keep every secret in a Secret, one per service."""

from __future__ import annotations

import re
import subprocess

import pytest

from shared.bus import topology
from shared.config import REPO_ROOT
from tests.integration.test_deployment_files import COMPOSE, CONFIG_MAPS, K8S_DOCS, WEB_PORTS

#: a value compose must be given: `${NAME:?message}`
REQUIRED = re.compile(r"\$\{([A-Z][A-Z0-9_]*):\?[^}]+\}")
#: a URL with a password in it
CREDENTIALS = re.compile(r"://[^/\s:@]+:([^@\s]*)@")


def published(spec: dict) -> list[tuple[str | None, int]]:
    """(host address, host port) of each port compose publishes."""
    found = []
    for entry in spec.get("ports", []):
        *host, _container = str(entry).split(":")
        found.append((host[0] if len(host) == 2 else None, int(host[-1])))
    return found


@pytest.mark.parametrize("name", sorted(COMPOSE["services"]))
def test_only_web_ports_are_open_beyond_this_machine_when_composed(name):
    spec = COMPOSE["services"][name]
    is_web = spec.get("environment", {}).get("PORT") is not None
    for address, port in published(spec):
        assert address == "127.0.0.1" or (is_web and port in WEB_PORTS.values()), (
            f"{name} publishes {port} beyond this machine")


def test_only_web_ports_are_open_when_deployed_on_k8s():
    for doc in K8S_DOCS:
        spec = doc.get("spec", {})
        if doc["kind"] == "Service":
            assert spec.get("type", "ClusterIP") == "ClusterIP", doc["metadata"]["name"]
            assert {p["port"] for p in spec["ports"]} <= set(WEB_PORTS.values())
        if doc["kind"] == "Deployment":
            pod = spec["template"]["spec"]
            assert not pod.get("hostNetwork")
            assert not [p for c in pod["containers"] for p in c.get("ports", [])
                        if "hostPort" in p]


def environment_values() -> list[tuple[str, str, str]]:
    return [(name, key, str(value)) for name, spec in COMPOSE["services"].items()
            for key, value in spec.get("environment", {}).items()]


@pytest.mark.parametrize("service, key, value", environment_values(),
                         ids=lambda v: v if isinstance(v, str) and len(v) < 40 else "")
def test_every_password_is_asked_of_the_environment_when_composed(service, key, value):
    """Every password or key, alone or in a URL, is `${NAME:?...}` (a worker's own broker
    user is checked in test_deployment_files.py)."""
    masked = REQUIRED.sub("ASKED", value)
    if re.search(r"PASSWORD|SECRET", key):
        assert masked == "ASKED", f"{service} {key} holds a credential"
    assert set(CREDENTIALS.findall(masked)) <= {"ASKED"}, f"{service} {key} holds a credential"
    assert "guest" not in value


def test_make_env_writes_every_password_compose_asks_for_when_run(tmp_path):
    asked = set(REQUIRED.findall((REPO_ROOT / "docker-compose.yml").read_text()))
    subprocess.run(["make", "-s", "-C", str(tmp_path), "-f", str(REPO_ROOT / "Makefile"),
                    ".env"], check=True, timeout=60)
    written = dict(line.split("=", 1) for line in (tmp_path / ".env").read_text().split())
    assert set(written) == asked
    assert all(re.fullmatch(r"[0-9a-f]{64}", value) for value in written.values())
    assert (tmp_path / ".env").stat().st_mode & 0o077 == 0
    for ignore in (".gitignore", "deploy/Dockerfile.dockerignore"):
        assert ".env" in (REPO_ROOT / ignore).read_text().split(), ignore


def test_the_broker_loads_the_users_made_from_the_passwords_when_composed():
    services = COMPOSE["services"]
    step, broker = services["broker-definitions"], services["rabbitmq"]
    module, written = step["command"][2:]
    assert step["command"][:2] == ["python", "-m"] and module == "shared.bus.definitions"
    assert set(REQUIRED.findall(" ".join(step["environment"].values()))) == {
        "RABBITMQ_ADMIN_PASSWORD", *(f"{s.upper()}_AMQP_PASSWORD" for s in topology.SERVICES)}
    assert broker["depends_on"]["broker-definitions"] == {
        "condition": "service_completed_successfully"}
    volume = next(v.split(":")[0] for v in step["volumes"]
                  if written.startswith(v.split(":")[1] + "/"))
    mounted = {source: target for source, target, *_ in
               (v.split(":") for v in broker["volumes"])}
    conf = next(REPO_ROOT / s for s, t in mounted.items() if t.startswith("/etc/rabbitmq/conf.d"))
    loads = re.search(r"^load_definitions\s*=\s*(\S+)$", conf.read_text(), re.M).group(1)
    assert loads == mounted[volume] + "/" + written.rsplit("/", 1)[1]
    assert re.search(r"^loopback_users\.guest\s*=\s*true$", conf.read_text(), re.M)


@pytest.mark.parametrize("name", sorted(CONFIG_MAPS))
def test_no_credential_is_in_a_config_map_when_deployed(name):
    for key, value in CONFIG_MAPS[name].items():
        assert not re.search(r"PASSWORD|SECRET|TOKEN|_KEY$|AMQP_URL|DATABASE_URL", key), key
        assert not CREDENTIALS.search(str(value)), key
