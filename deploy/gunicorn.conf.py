"""gunicorn settings for every REVMOD web process; REVMOD_SERVICE says which service it serves.

    REVMOD_SERVICE=lots gunicorn -c deploy/gunicorn.conf.py 'services.lots.app:create_app()'

The master applies the service's migrations once, before any worker forks, so N workers never
race on Alembic and a request never meets a half-migrated schema. Everything the hook needs
is imported inside it: this file is read before the app is, and must stay cheap to load.
"""

from __future__ import annotations

import os

#: the default port of each service on one machine (DESIGN.md, "Configuration and running")
DEFAULT_PORTS = {"nominations": 8001, "reviews": 8002, "lots": 8003, "notifications": 8004,
                 "accounts": 8005, "survey": 8006, "portal": 8000}


def _service() -> str:
    service = os.environ.get("REVMOD_SERVICE", "")
    if service not in DEFAULT_PORTS:
        # SystemExit, not an exception: gunicorn prints the message alone, no traceback
        raise SystemExit(
            f"REVMOD_SERVICE must name the service this web process serves, one of "
            f"{', '.join(sorted(DEFAULT_PORTS))}; got {service!r}"
        )
    return service


def _int_env(name: str, default: int) -> int:
    raw = os.environ.get(name) or str(default)
    try:
        return int(raw)
    except ValueError:
        raise SystemExit(f"{name} must be an integer, got {raw!r}") from None


SERVICE = _service()

bind = f"0.0.0.0:{_int_env('PORT', DEFAULT_PORTS[SERVICE])}"
workers = _int_env("WEB_CONCURRENCY", 2)
threads = _int_env("GUNICORN_THREADS", 4)
worker_class = "gthread"
timeout = 30
# below the 30 s that Docker and Kubernetes wait after SIGTERM, so requests finish first
graceful_timeout = 20
accesslog = "-"
errorlog = "-"
proc_name = f"revmod-{SERVICE}-web"
# gunicorn's control socket defaults to one path per user ($HOME/.gunicorn/gunicorn.ctl): four
# web processes on one machine would fight over it, and in a container HOME is read-only
control_socket_disable = True
# the worker heartbeat on tmpfs: on a container's overlay disk it can stall a worker
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None


def on_starting(server) -> None:
    """Migrate this service's database in the master, once, before the workers fork."""
    _refuse_other_services_app(server)
    from pathlib import Path

    if not (Path(__file__).resolve().parent.parent / "services" / SERVICE / "migrations").is_dir():
        server.log.info("%s: no database to migrate", SERVICE)  # the portal owns none
        return
    from importlib import import_module

    from shared.db.engine import make_engine
    from shared.db.migrate import upgrade

    service = import_module(f"services.{SERVICE}.bootstrap")
    engine = make_engine(service.Settings.from_env().database_url)
    try:
        upgrade(service.MIGRATIONS, engine)
    finally:
        # no pooled connection may be inherited by the forked workers
        engine.dispose()
    server.log.info("%s: database migrated to head", SERVICE)


def _refuse_other_services_app(server) -> None:
    """A web container whose command names another service's app would migrate the wrong
    database; stop before touching it."""
    app_uri = getattr(server.app, "app_uri", None) or ""
    if app_uri and not app_uri.startswith(f"services.{SERVICE}."):
        raise SystemExit(
            f"REVMOD_SERVICE={SERVICE} but gunicorn was asked to serve {app_uri!r}; "
            f"set REVMOD_SERVICE to the service whose app this process serves"
        )
