"""Start the whole system on one machine: `make run`.

Four web processes (gunicorn) and four workers, a local SMTP sink, SQLite files under var/
(unless *_DATABASE_URL says otherwise) and the local RabbitMQ (started if it is down); and the
portal, a fifth web process that reads the others' APIs (its session key in var/portal_secret).
Seeds the States parties and the Permanent Missions from deploy/data/ (idempotent), prints
where everything listens, and stops every process on Ctrl-C. Logs go to var/log/.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

import pika
import requests

ROOT = Path(__file__).resolve().parent.parent
PORTS = {"nominations": 8001, "reviews": 8002, "lots": 8003, "notifications": 8004}
#: web processes with no database and no worker: the portal only reads the services' APIs
WEB_ONLY = {"portal": 8000}
DEFAULT_AMQP = "amqp://guest:guest@127.0.0.1:5672/%2F"


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


def commands(env: dict) -> dict[str, tuple[list[str], dict]]:
    py = sys.executable
    procs = {"smtp-sink": ([py, "deploy/smtp_sink.py"], env)}
    for service in PORTS:
        service_env = {**env, "REVMOD_SERVICE": service, "PORT": str(port_of(service))}
        procs[f"{service}-web"] = (
            [py, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py",
             f"services.{service}.app:create_app()"], service_env)
        procs[f"{service}-worker"] = ([py, "-m", f"services.{service}.worker"], service_env)
    for service in WEB_ONLY:
        procs[f"{service}-web"] = (
            [py, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py",
             f"services.{service}.app:create_app()"],
            {**env, "REVMOD_SERVICE": service, "PORT": str(port_of(service))})
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


def ensure_secret(path: Path) -> None:
    """A random key kept in var/, made once: the portal's session key, the JWT key."""
    if not path.exists():  # readable by this user only, from its first byte
        with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as f:
            f.write(secrets.token_hex(32) + "\n")


def main() -> int:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    var = Path(env.setdefault("REVMOD_VAR_DIR", str(ROOT / "var")))
    logs = var / "log"
    logs.mkdir(parents=True, exist_ok=True)
    sink_port = env.setdefault("SMTP_SINK_PORT", "8025")
    env.setdefault("SMTP_PORT", sink_port)
    env.setdefault("MAIL_DIR", str(var / "mail"))
    for service in PORTS:  # where each service finds the others (read-only queries)
        env.setdefault(f"{service.upper()}_URL", f"http://127.0.0.1:{port_of(service)}")
    ensure_secret(var / "portal_secret")
    ensure_secret(var / "jwt_secret")  # shared.config reads it where JWT_SECRET is unset
    ensure_broker(env.get("AMQP_URL", DEFAULT_AMQP))
    seed(env)
    procs: dict[str, subprocess.Popen] = {}
    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    for name, (cmd, proc_env) in commands(env).items():
        log = open(logs / f"{name}.log", "ab")
        procs[name] = subprocess.Popen(cmd, cwd=ROOT, env=proc_env, stdout=log,
                                       stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_ready(procs)
        print("REVMOD is running:")
        print(f"  {'portal':<14} http://127.0.0.1:{port_of('portal')}  (sign in with a token: "
              "python -m shared.tokens --role secretariat)")
        for service in PORTS:
            url = f"http://127.0.0.1:{port_of(service)}"
            print(f"  {service:<14} {url}  (docs {url}/docs)")
        print(f"  SMTP sink      127.0.0.1:{sink_port}  (mail kept in {env['MAIL_DIR']})")
        print(f"  logs           {logs}\nPress Ctrl-C to stop.", flush=True)
        while not stopping:
            dead = [name for name, p in procs.items() if p.poll() is not None]
            if dead:
                print(f"{', '.join(dead)} stopped; see {logs}. Stopping everything.")
                return 1
            time.sleep(0.5)
        return 0
    except RuntimeError as exc:
        print(f"start failed: {exc}", file=sys.stderr)
        return 1
    finally:
        for p in procs.values():
            if p.poll() is None:
                p.terminate()
        for p in procs.values():
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()


if __name__ == "__main__":
    sys.exit(main())
