"""Start the whole system on one machine: `make run`.

Four web processes (gunicorn) and four workers, a local SMTP sink, SQLite files under var/
(unless *_DATABASE_URL says otherwise) and the local RabbitMQ (started if it is down); and the
portal, a fifth web process that reads the others' APIs (its session key in var/portal_secret).
Sets up the broker as its administrator (AMQP_URL): the topology, and one user per service
with only that service's rights and a password made once in var/, given to that service's
worker alone. Seeds the States parties and the Permanent Missions from deploy/data/
(idempotent), prints where everything listens, and stops every process on Ctrl-C. Logs go
to var/log/.

A process manager, as compose and k8s are: a process that dies is started again after a
back-off, and the console says so (deploy/restarts.py).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pika
import requests
from restarts import Managed, stop_all  # deploy/, beside this script

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's code, however the script is started

from shared.auth.keys import ensure_key_files  # noqa: E402
from shared.bus import broker_setup  # noqa: E402
from shared.config import DEFAULT_AMQP_URL, ensure_secret, env_int  # noqa: E402

PORTS = {"nominations": 8001, "reviews": 8002, "lots": 8003, "notifications": 8004,
         "accounts": 8005, "survey": 8006}
#: the one process that signs tokens, and the services that ask it for service tokens
SIGNER = "accounts-web"
SERVICE_CLIENTS = ("reviews",)
#: web processes with no database and no worker: the portal only reads the services' APIs
WEB_ONLY = {"portal": 8000}


def port_of(service: str) -> int:
    return int(os.environ.get(f"{service.upper()}_PORT", {**PORTS, **WEB_ONLY}[service]))


def broker_up(url: str) -> bool:
    try:
        pika.BlockingConnection(pika.URLParameters(url)).close()
        return True
    except pika.exceptions.AMQPError:
        return False


def ensure_broker(url: str) -> None:
    if broker_up(url):
        return
    print("RabbitMQ is not answering; starting it with `rabbitmq-server -detached`", flush=True)
    subprocess.run(["rabbitmq-server", "-detached"], check=False)
    for _ in range(60):
        time.sleep(1)
        if broker_up(url):
            return
    sys.exit(f"RabbitMQ is unreachable at {url}; start it and run again")


def seed(env: dict) -> None:
    py = sys.executable
    data = ROOT / "deploy" / "data"
    for cmd in (
        [py, "-m", "services.lots.cli", "import-states", str(data / "states_parties.csv")],
        [py, "-m", "services.nominations.cli", "import-missions",
         str(data / "permanent_missions.csv")],
    ):
        subprocess.run(cmd, cwd=ROOT, env=env, check=True)


def set_up_broker(env: dict, var: Path) -> dict[str, str]:
    """The topology, and each service's own user with its rights, on the broker at AMQP_URL
    (as its administrator); each service's AMQP URL (<SERVICE>_AMQP_URL where it is set)."""
    try:
        urls = broker_setup.set_up_kept(env.get("AMQP_URL", DEFAULT_AMQP_URL), var,
                                        env_int("BUS_MAX_DELIVERIES", 5),
                                        prefix=env.get("AMQP_USER_PREFIX") or "revmod")
    except (RuntimeError, requests.RequestException) as exc:
        sys.exit(f"could not set up RabbitMQ: {exc}")
    return {service: env.get(f"{service.upper()}_AMQP_URL") or url
            for service, url in urls.items()}


def ensure_token_keys(env: dict, var: Path) -> None:
    """The signing key (var/jwt_private_key.pem, or JWT_PRIVATE_KEY_FILE), made once, and
    its public half in the key set the services verify with (var/jwt_public_keys.json, or
    JWT_PUBLIC_KEYS_FILE), which goes to them as JWT_PUBLIC_KEYS."""
    private = Path(env.setdefault("JWT_PRIVATE_KEY_FILE", str(var / "jwt_private_key.pem")))
    public = Path(env.setdefault("JWT_PUBLIC_KEYS_FILE", str(var / "jwt_public_keys.json")))
    ensure_key_files(private, public, env.get("JWT_ALGORITHM", "EdDSA"))
    env["JWT_PUBLIC_KEYS"] = public.read_text()


def commands(env: dict, amqp_urls: dict[str, str]) -> dict[str, tuple[list[str], dict]]:
    """Each process and its environment: a worker gets its own service's broker URL and no
    other; no process gets the administrator's. Only the accounts web process gets the
    signing key; the other web processes get the public key set, the workers, which check
    no token, no key at all. A service client gets its own secret, which the accounts
    service checks."""
    py = sys.executable
    signing_key = env["JWT_PRIVATE_KEY_FILE"]
    client_secrets = {s: ensure_secret(Path(env["REVMOD_VAR_DIR"]) / f"{s}_client_secret")
               for s in SERVICE_CLIENTS}
    env = {k: v for k, v in env.items()
           if not k.endswith("AMQP_URL") and k != "JWT_PRIVATE_KEY_FILE"}
    keyless = {k: v for k, v in env.items() if not k.startswith("JWT_PUBLIC_KEYS")}
    procs = {"smtp-sink": ([py, "deploy/smtp_sink.py"], keyless)}
    for service in PORTS:
        service_env = {**env, "REVMOD_SERVICE": service, "PORT": str(port_of(service))}
        procs[f"{service}-web"] = (
            [py, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py",
             f"services.{service}.app:create_app()"], service_env)
        procs[f"{service}-worker"] = (
            [py, "-m", f"services.{service}.worker"],
            {**keyless, "REVMOD_SERVICE": service, "PORT": str(port_of(service)),
             f"{service.upper()}_AMQP_URL": amqp_urls[service]})
        if service in client_secrets:
            procs[f"{service}-web"][1]["SERVICE_CLIENT_SECRET"] = client_secrets[service]
    procs[SIGNER][1].update(JWT_PRIVATE_KEY_FILE=signing_key,
                            ACCOUNTS_SERVICE_CLIENTS=",".join(client_secrets),
                            **{f"{name.upper()}_CLIENT_SECRET": secret
                               for name, secret in client_secrets.items()})
    for service in WEB_ONLY:
        procs[f"{service}-web"] = (
            [py, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py",
             f"services.{service}.app:create_app()"],
            {**keyless, "REVMOD_SERVICE": service, "PORT": str(port_of(service))})
    return procs


def wait_ready(procs: dict[str, subprocess.Popen], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    for service in [*PORTS, *WEB_ONLY]:
        url = f"http://127.0.0.1:{port_of(service)}/readyz"
        while True:
            dead = [name for name, p in procs.items() if p.poll() is not None]
            if dead:
                raise RuntimeError(f"{', '.join(dead)} exited during start; see var/log/")
            try:
                if requests.get(url, timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{service} not ready at {url} after {timeout}s")
            time.sleep(0.2)


def prepare(env: dict) -> tuple[Path, dict[str, str]]:
    """Fill in the environment every process shares, make var/ and the keys, make sure the
    broker runs and is set up, and seed the data; return where the logs go, and each
    service's broker URL."""
    var = Path(env.setdefault("REVMOD_VAR_DIR", str(ROOT / "var")))
    logs = var / "log"
    logs.mkdir(parents=True, exist_ok=True)
    env.setdefault("SMTP_SINK_PORT", "8025")
    env.setdefault("SMTP_PORT", env["SMTP_SINK_PORT"])
    env.setdefault("MAIL_DIR", str(var / "mail"))
    env.setdefault("WORKER_HEARTBEAT_DIR", str(var / "run"))
    for service in PORTS:  # where each service finds the others (read-only queries)
        env.setdefault(f"{service.upper()}_URL", f"http://127.0.0.1:{port_of(service)}")
    # where the links of the accounts' letters lead
    env.setdefault("PORTAL_PUBLIC_URL", f"http://127.0.0.1:{port_of('portal')}")
    ensure_secret(var / "portal_secret")
    ensure_token_keys(env, var)
    ensure_broker(env.get("AMQP_URL", DEFAULT_AMQP_URL))
    amqp_urls = set_up_broker(env, var)
    seed(env)
    return logs, amqp_urls


def print_banner(env: dict, logs: Path, amqp_urls: dict[str, str]) -> None:
    print("REVMOD is running:")
    print(f"  {'portal':<14} http://127.0.0.1:{port_of('portal')}  (an account: python -m "
          "services.accounts.cli create-secretariat YOU@example.org --name YOU)")
    for service in PORTS:
        url = f"http://127.0.0.1:{port_of(service)}"
        print(f"  {service:<14} {url}  (docs {url}/docs)")
    print(f"  SMTP sink      127.0.0.1:{env['SMTP_SINK_PORT']}  (mail kept in {env['MAIL_DIR']})")
    users = ", ".join(urlsplit(url).username for url in amqp_urls.values())
    print(f"  RabbitMQ       a user per service: {users} (passwords in {logs.parent})")
    print(f"  logs           {logs}\nPress Ctrl-C to stop.", flush=True)


def main() -> int:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    logs, amqp_urls = prepare(env)
    stopping = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: stopping.set())
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    procs = {name: Managed(name, cmd, proc_env, logs / f"{name}.log")
             for name, (cmd, proc_env) in commands(env, amqp_urls).items()}
    try:
        wait_ready({name: managed.process for name, managed in procs.items()})
        print_banner(env, logs, amqp_urls)
        while not stopping.wait(0.5):
            for managed in procs.values():
                managed.tend()
        return 0
    except RuntimeError as exc:
        print(f"start failed: {exc}", file=sys.stderr)
        return 1
    finally:
        stop_all(procs)


if __name__ == "__main__":
    sys.exit(main())
