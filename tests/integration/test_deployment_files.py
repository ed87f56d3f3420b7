"""The deployment files (docker-compose.yml, deploy/k8s, deploy/Procfile, deploy/gunicorn.conf.py)
agree with the code: there is no Docker engine or cluster in CI, so a wrong module name, port
or variable would otherwise first show on the day IT deploys.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import re
import runpy
import shlex
import subprocess
import sys
from collections import Counter
from types import SimpleNamespace

import pytest
import yaml
from sqlalchemy import inspect

from shared.bus.topology import MAX_MESSAGE_BYTES
from shared.config import REPO_ROOT
from shared.db.engine import make_engine
from tests.support.broker import deployed_max_message_size

#: DESIGN.md, "Configuration and running"
DEFAULT_PORTS = {"nominations": 8001, "reviews": 8002, "lots": 8003, "notifications": 8004,
                 "accounts": 8005, "survey": 8006}
#: web processes without a database, a broker or a worker: they read the services' APIs
WEB_ONLY = {"portal": 8000}
WEB_PORTS = {**DEFAULT_PORTS, **WEB_ONLY}
PROCESSES = sorted([*(f"{name}-{kind}" for name in DEFAULT_PORTS for kind in ("web", "worker")),
                    *(f"{name}-web" for name in WEB_ONLY)])
GUNICORN_CONF = REPO_ROOT / "deploy" / "gunicorn.conf.py"
K8S = REPO_ROOT / "deploy" / "k8s"
COMPOSE = yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text())
K8S_DOCS = [d for f in sorted(K8S.glob("*.yaml")) for d in yaml.safe_load_all(f.read_text()) if d]
CONFIG_MAPS = {d["metadata"]["name"]: d["data"] for d in K8S_DOCS if d["kind"] == "ConfigMap"}
#: compose steps that run once before the system starts, not a process of it
ONE_SHOTS = {"broker-definitions"}


def procfile() -> dict[str, tuple[dict, list[str]]]:
    """name -> (inline environment, command); `NAME=value` words before the command."""
    entries = {}
    for line in (REPO_ROOT / "deploy" / "Procfile").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, command = line.split(":", 1)
            words = shlex.split(command)
            env = dict(w.split("=", 1) for w in words if re.match(r"[A-Z_][A-Z0-9_]*=", w))
            entries[name.strip()] = (env, words[len(env):])
    return entries


def app_containers() -> list[SimpleNamespace]:
    """Every container that runs REVMOD code, from compose and from the k8s Deployments."""
    found = []
    for name, svc in COMPOSE["services"].items():
        if "build" in svc and name not in ONE_SHOTS:
            command = svc["command"]
            command = shlex.split(command) if isinstance(command, str) else command
            found.append(SimpleNamespace(id=f"compose:{name}", name=name, command=command,
                                         env=dict(svc.get("environment", {})), spec=svc))
    for doc in K8S_DOCS:
        if doc["kind"] == "Deployment":
            for c in doc["spec"]["template"]["spec"]["containers"]:
                env = {e["name"]: e.get("value", e.get("valueFrom")) for e in c.get("env", [])}
                for source in c.get("envFrom", []):
                    env = {**CONFIG_MAPS[source["configMapRef"]["name"]], **env}
                found.append(SimpleNamespace(id=f"k8s:{doc['metadata']['name']}",
                                             name=doc["metadata"]["name"], command=c["command"],
                                             env=env, spec=c))
    return found


CONTAINERS = app_containers()
WEBS = [c for c in CONTAINERS if c.command[0] == "gunicorn"]


def process_of(command: list[str]) -> str:
    """`<service>-web` or `<service>-worker`, read from what the command runs."""
    if command[0] == "gunicorn":
        return command[-1].split(".")[1] + "-web"
    assert command[:2] == ["python", "-m"], f"neither gunicorn nor python -m: {command}"
    service, part = command[2].split(".")[1:]
    return f"{service}-{part}"


def is_web_only(container: SimpleNamespace) -> bool:
    return process_of(container.command).removesuffix("-web") in WEB_ONLY


SERVICE_CONTAINERS = [c for c in CONTAINERS if not is_web_only(c)]
PORTALS = [c for c in CONTAINERS if is_web_only(c)]
WORKERS = [c for c in CONTAINERS if process_of(c.command).endswith("-worker")]


def names_the_code_reads() -> tuple[set[str], set[str]]:
    """Quoted upper-case literals in the sources, and suffixes of `f"{prefix}_SUFFIX"` names."""
    text = "\n".join(p.read_text() for d in ("shared", "services", "deploy")
                     for p in (REPO_ROOT / d).rglob("*.py"))
    literals = set(re.findall(r"""["']([A-Z][A-Z0-9_]*)["']""", text))
    suffixes = set(re.findall(r"""\{[^{}]*\}(_[A-Z][A-Z0-9_]*)["']""", text))
    return literals, suffixes


@pytest.mark.parametrize("container", CONTAINERS, ids=lambda c: c.id)
def test_command_runs_code_that_exists_when_container_starts(container):
    command = container.command
    if command[0] == "gunicorn":
        assert command[1:3] == ["-c", "deploy/gunicorn.conf.py"]
        module, call = command[-1].split(":")
        assert call == "create_app()" and module.endswith(".app")
        assert importlib.util.find_spec(module) is not None, f"no module {module}"
        assert callable(getattr(importlib.import_module(module), "create_app", None))
    else:
        assert importlib.util.find_spec(command[2]) is not None, f"no module {command[2]}"


def referenced_files() -> set[str]:
    files = {c.command[2] for c in WEBS}
    files |= {svc["build"]["dockerfile"] for svc in COMPOSE["services"].values() if "build" in svc}
    files |= {v.split(":")[0].removeprefix("./") for svc in COMPOSE["services"].values()
              for v in svc.get("volumes", []) if v.startswith("./")}
    files |= {w for _, cmd in procfile().values() for w in cmd if w.endswith(".py")}
    return files


@pytest.mark.parametrize("path", sorted(referenced_files()))
def test_referenced_file_exists_when_deployment_names_it(path):
    assert (REPO_ROOT / path).is_file(), f"{path} is named by a deployment file but missing"


def test_every_expected_file_is_referenced_when_files_are_collected():
    expected = {"deploy/gunicorn.conf.py", "deploy/Dockerfile", "deploy/postgres-init.sql",
                "deploy/smtp_sink.py"}
    assert expected <= referenced_files()


@pytest.mark.parametrize("web", WEBS, ids=lambda c: c.id)
def test_web_listens_on_its_default_port_when_deployed(web):
    service = process_of(web.command).removesuffix("-web")
    port = WEB_PORTS[service]
    assert web.env["REVMOD_SERVICE"] == service
    assert int(web.env["PORT"]) == port
    if web.id.startswith("compose:"):
        assert web.spec["ports"] == [f"{port}:{port}"]
        assert "/healthz" in " ".join(web.spec["healthcheck"]["test"])
    else:
        assert web.spec["ports"] == [{"name": "http", "containerPort": port}]
        assert web.spec["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
        assert web.spec["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}


@pytest.mark.parametrize("worker", WORKERS, ids=lambda c: c.id)
def test_worker_is_probed_by_its_heartbeats_when_deployed(worker):
    service = process_of(worker.command).removesuffix("-worker")
    probe = ["python", "-m", "shared.liveness", service]
    assert importlib.util.find_spec(probe[2]) is not None
    assert "WORKER_HEARTBEAT_DIR" not in worker.env  # the default, /tmp/revmod, is writable
    if worker.id.startswith("compose:"):
        check = worker.spec["healthcheck"]
        assert check["test"] == ["CMD", *probe] and not check.get("disable")
        assert check["start_period"] and check["retries"] >= 3
    else:
        for kind in ("livenessProbe", "startupProbe"):
            assert worker.spec[kind]["exec"] == {"command": probe}, kind
        assert {"name": "tmp", "mountPath": "/tmp"} in worker.spec["volumeMounts"]


def test_web_ports_match_defaults_when_run_from_procfile_or_k8s_service():
    for env, command in procfile().values():
        if command[0] == "gunicorn":
            service = process_of(command).removesuffix("-web")
            assert (env["REVMOD_SERVICE"], int(env["PORT"])) == (service, WEB_PORTS[service])
    services = {d["metadata"]["name"]: d["spec"] for d in K8S_DOCS if d["kind"] == "Service"}
    assert set(services) == set(WEB_PORTS)
    for name, spec in services.items():
        assert spec["selector"] == {"app.kubernetes.io/name": f"{name}-web"}
        port = WEB_PORTS[name]
        assert spec["ports"] == [{"name": "http", "port": port, "targetPort": "http"}]


@pytest.mark.parametrize("container", CONTAINERS, ids=lambda c: c.id)
def test_every_variable_is_read_by_the_code_when_set_for_a_container(container):
    literals, suffixes = names_the_code_reads()
    prefixed = {s.upper() + x for s in DEFAULT_PORTS for x in suffixes}
    unread = sorted(set(container.env) - literals - prefixed)
    assert not unread, f"{container.id} sets variables no code reads: {unread}"


@pytest.mark.parametrize("container", SERVICE_CONTAINERS, ids=lambda c: c.id)
def test_database_and_broker_are_set_when_container_runs_a_service(container):
    """Each service's own database; a worker's own broker user, and none for a web
    process, which never opens an AMQP connection."""
    service, part = process_of(container.command).split("-")
    brokers = {name: value for name, value in container.env.items() if "AMQP_URL" in name}
    assert set(brokers) == ({f"{service.upper()}_AMQP_URL"} if part == "worker" else set())
    amqp = brokers.get(f"{service.upper()}_AMQP_URL")
    database = container.env.get("DATABASE_URL") or container.env[f"{service.upper()}_DATABASE_URL"]
    if container.id.startswith("compose:"):
        assert database.endswith(f"@postgres:5432/revmod_{service}")
        init_sql = (REPO_ROOT / "deploy" / "postgres-init.sql").read_text()
        assert f"CREATE DATABASE revmod_{service};" in init_sql
        assert amqp is None or re.fullmatch(
            rf"amqp://revmod-{service}:\$\{{{service.upper()}_AMQP_PASSWORD:\?[^}}]+\}}"
            r"@rabbitmq:5672/%2F", amqp), amqp
    else:
        assert database == {"secretKeyRef": {"name": f"revmod-{service}", "key": "database-url"}}
        assert amqp in (None, {"secretKeyRef": {"name": f"revmod-{service}", "key": "amqp-url"}})


@pytest.mark.parametrize("portal", PORTALS, ids=lambda c: c.id)
def test_portal_reads_every_service_and_keeps_its_key_secret_when_deployed(portal):
    host = "{}-web" if portal.id.startswith("compose:") else "{}"
    for service, port in DEFAULT_PORTS.items():
        assert portal.env[f"{service.upper()}_URL"] == f"http://{host.format(service)}:{port}"
    assert not {"AMQP_URL", "DATABASE_URL"} & set(portal.env), "the portal owns no database"
    if portal.id.startswith("compose:"):
        assert portal.env["PORTAL_SECRET_KEY"].startswith("${PORTAL_SECRET_KEY:?")
        assert set(portal.spec["depends_on"]) == {f"{s}-web" for s in DEFAULT_PORTS}
    else:
        ref = {"name": "revmod-secrets", "key": "portal-secret-key"}
        assert portal.env["PORTAL_SECRET_KEY"] == {"secretKeyRef": ref}


def test_depends_on_names_existing_services_when_composed():
    services = COMPOSE["services"]
    for name, svc in services.items():
        for target, condition in svc.get("depends_on", {}).items():
            assert target in services, f"{name} depends on unknown {target}"
            if target in ("postgres", "rabbitmq"):
                assert condition == {"condition": "service_healthy"}
                assert "healthcheck" in services[target]
    for c in CONTAINERS:
        if c.id.startswith("compose:"):
            assert c.spec["restart"] == "unless-stopped"
            if not is_web_only(c):
                assert {"postgres", "rabbitmq"} <= set(c.spec["depends_on"])


@pytest.mark.parametrize("origin", ["compose", "k8s"])
def test_each_process_appears_exactly_once_when_deployed(origin):
    mine = [c for c in CONTAINERS if c.id.startswith(origin + ":")]
    counts = Counter(process_of(c.command) for c in mine)
    assert sorted(counts.elements()) == PROCESSES
    assert all(process_of(c.command) == c.name for c in mine)


def test_procfile_runs_the_processes_compose_runs_when_started_locally():
    entries = procfile()
    assert entries.pop("smtp")[1] == ["python", "deploy/smtp_sink.py"]
    assert {name: process_of(cmd) for name, (_, cmd) in entries.items()} == {
        name: name for name in PROCESSES
    }
    composed = {c.name: c.command for c in CONTAINERS if c.id.startswith("compose:")}
    assert {name: cmd for name, (_, cmd) in entries.items()} == composed


def test_kustomization_lists_every_manifest_when_applied_whole():
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    manifests = {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}
    assert sorted(kustomization["resources"]) == sorted(manifests)
    assert manifests == {"config.yaml", *(f"{name}.yaml" for name in WEB_PORTS)}
    assert not any("namespace" in d["metadata"] for d in K8S_DOCS if "metadata" in d)


def test_dockerfile_builds_a_non_root_image_when_read():
    lines = (REPO_ROOT / "deploy" / "Dockerfile").read_text().splitlines()
    instructions = {line.split()[0]: line for line in lines if line and line[0].isupper()}
    assert instructions["FROM"] == "FROM python:3.11-slim"
    assert instructions["USER"].split()[1].split(":")[0] not in ("root", "0")
    assert instructions["EXPOSE"].split()[1:] == [str(p) for p in sorted(WEB_PORTS.values())]
    assert "pip install --no-cache-dir ." in "\n".join(lines)
    assert "/healthz" in "\n".join(lines[lines.index(instructions["HEALTHCHECK"]):])


def load_gunicorn_conf(monkeypatch, **env) -> dict:
    for name in ("REVMOD_SERVICE", "PORT", "WEB_CONCURRENCY", "GUNICORN_THREADS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(GUNICORN_CONF))


def test_gunicorn_binds_the_default_port_when_service_is_lots(monkeypatch):
    conf = load_gunicorn_conf(monkeypatch, REVMOD_SERVICE="lots")
    assert conf["DEFAULT_PORTS"] == WEB_PORTS
    assert (conf["bind"], conf["workers"], conf["threads"]) == ("0.0.0.0:8003", 2, 4)
    assert (conf["worker_class"], conf["timeout"], conf["graceful_timeout"]) == ("gthread", 30, 20)
    assert conf["accesslog"] == conf["errorlog"] == "-"
    assert conf["control_socket_disable"] is True


def test_gunicorn_follows_the_environment_when_port_and_concurrency_are_set(monkeypatch):
    conf = load_gunicorn_conf(monkeypatch, REVMOD_SERVICE="reviews", PORT="9100",
                              WEB_CONCURRENCY="3", GUNICORN_THREADS="8")
    assert (conf["bind"], conf["workers"], conf["threads"]) == ("0.0.0.0:9100", 3, 8)


@pytest.mark.parametrize("service", [None, "", "billing"])
def test_gunicorn_refuses_to_start_when_revmod_service_is_missing_or_unknown(monkeypatch, service):
    env = {} if service is None else {"REVMOD_SERVICE": service}
    with pytest.raises(SystemExit, match="REVMOD_SERVICE must name"):
        load_gunicorn_conf(monkeypatch, **env)


def fake_server(app_uri: str) -> SimpleNamespace:
    return SimpleNamespace(app=SimpleNamespace(app_uri=app_uri),
                           log=SimpleNamespace(info=lambda *args: None))


def test_gunicorn_refuses_to_migrate_when_app_is_another_services(monkeypatch):
    conf = load_gunicorn_conf(monkeypatch, REVMOD_SERVICE="lots")
    with pytest.raises(SystemExit, match="services.reviews.app"):
        conf["on_starting"](fake_server("services.reviews.app:create_app()"))


def test_gunicorn_starts_without_migrating_when_the_service_owns_no_database(monkeypatch):
    conf = load_gunicorn_conf(monkeypatch, REVMOD_SERVICE="portal")
    assert conf["bind"] == "0.0.0.0:8000"
    conf["on_starting"](fake_server("services.portal.app:create_app()"))  # no database touched


def test_gunicorn_master_migrates_the_database_when_starting(monkeypatch, database_url):
    conf = load_gunicorn_conf(monkeypatch, REVMOD_SERVICE="lots", DATABASE_URL=database_url)
    monkeypatch.delenv("LOTS_DATABASE_URL", raising=False)
    conf["on_starting"](fake_server("services.lots.app:create_app()"))
    engine = make_engine(database_url)
    try:
        assert "alembic_version" in inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_gunicorn_accepts_every_setting_when_checking_the_config(tmp_path):
    env = {"REVMOD_SERVICE": "lots", "DATABASE_URL": f"sqlite:///{tmp_path / 'lots.db'}",
           "JWT_PUBLIC_KEYS": os.environ["JWT_PUBLIC_KEYS"],
           "PATH": str(REPO_ROOT / ".venv" / "bin"), "PYTHONDONTWRITEBYTECODE": "1"}
    gunicorn = [sys.executable, "-m", "gunicorn", "--check-config", "-c", str(GUNICORN_CONF),
                "services.lots.app:create_app()"]
    done = subprocess.run(gunicorn, cwd=REPO_ROOT, env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr


def test_gunicorn_accepts_the_portal_when_checking_its_config(tmp_path):
    env = {"REVMOD_SERVICE": "portal", "PORTAL_SECRET_KEY": "k" * 32,
           "REVMOD_VAR_DIR": str(tmp_path), "PATH": str(REPO_ROOT / ".venv" / "bin"),
           "PYTHONDONTWRITEBYTECODE": "1"}
    gunicorn = [sys.executable, "-m", "gunicorn", "--check-config", "-c", str(GUNICORN_CONF),
                "services.portal.app:create_app()"]
    done = subprocess.run(gunicorn, cwd=REPO_ROOT, env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr


def test_broker_bounds_a_message_above_the_services_bound_when_composed():
    """Below the default 128 MiB (a worker may use 256 MiB), and above BUS_MAX_MESSAGE_BYTES:
    a body between the two reaches a consumer, which dead-letters it with its reason."""
    bound = deployed_max_message_size()
    assert MAX_MESSAGE_BYTES < bound <= 4 * 1024 * 1024
    for container in app_containers():
        assert int(container.env.get("BUS_MAX_MESSAGE_BYTES", MAX_MESSAGE_BYTES)) < bound


@pytest.mark.parametrize("container", CONTAINERS, ids=lambda c: c.id)
def test_only_public_keys_are_given_and_only_to_web_processes_when_deployed(container):
    """Only the accounts web process, which signs, holds the private key; every other web
    process verifies with the public key set; a worker checks no token and holds no key."""
    keys = {name for name in container.env if name.startswith("JWT_")}
    signer = process_of(container.command) == "accounts-web"
    assert ("JWT_PRIVATE_KEY_FILE" in keys) == signer
    if container in WORKERS or container in PORTALS:
        assert not keys and not container.spec.get("configs")
    elif container.id.startswith("compose:"):
        assert keys - {"JWT_PRIVATE_KEY_FILE"} == {"JWT_PUBLIC_KEYS_FILE"}
        assert container.spec["configs"] == [
            {"source": "jwt-public-keys", "target": container.env["JWT_PUBLIC_KEYS_FILE"]}]
        assert COMPOSE["configs"]["jwt-public-keys"] == {"file": "./var/jwt_public_keys.json"}
    else:
        assert container.env["JWT_PUBLIC_KEYS"] == {
            "configMapKeyRef": {"name": "revmod-token-keys", "key": "public-keys"}}
    mounted = container.spec.get("secrets", []) if container.id.startswith("compose:") else [
        m["name"] for m in container.spec.get("volumeMounts", []) if m["name"] != "tmp"]
    assert mounted == (["jwt-private-key"] if container.id.startswith("compose:")
                       else ["signing-key"]) if signer else not mounted
    if signer and container.id.startswith("compose:"):
        assert container.env["JWT_PRIVATE_KEY_FILE"] == "/run/secrets/jwt-private-key"
        assert COMPOSE["secrets"] == {"jwt-private-key": {"file": "./var/jwt_private_key.pem"}}
