"""Settings every service reads from the environment (12-factor), with safe local defaults.

Each service's own `Settings.from_env()` builds on `CommonSettings`; nothing here is read at
import time, so tests can build settings for their own databases and vhost.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path

from shared.auth.jwt import MAX_LIFETIME, JwtConfig, TokenSigner
from shared.auth.keys import load_signing_key, read_key_set
from shared.bus.topology import MAX_MESSAGE_BYTES

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_AMQP_URL = "amqp://guest:guest@127.0.0.1:5672/%2F"
#: a worker's state outside its process (heartbeats, the message in hand): somewhere
#: writable on a read-only root file system, and kept across restarts of its container
DEFAULT_HEARTBEAT_DIR = str(Path(tempfile.gettempdir()) / "revmod")


def env_str(name: str, default: str) -> str:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw in (None, ""):
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ValueError(f"environment variable {name} must be an integer, got {raw!r}") from exc


def env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw in (None, ""):
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise ValueError(f"environment variable {name} must be a number, got {raw!r}") from exc


def var_dir() -> Path:
    return Path(env_str("REVMOD_VAR_DIR", str(REPO_ROOT / "var")))


def ensure_secret(path: Path) -> str:
    """A random key kept in var/, made once (the portal's session key, each service's
    broker password), readable by this user only from its first byte."""
    if not path.exists():
        with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as f:
            f.write(secrets.token_hex(32) + "\n")
    return path.read_text().strip()


def jwt_config_from_env() -> JwtConfig:
    """What tokens are checked against: the public key set in JWT_PUBLIC_KEYS (the JWKS
    itself) or in the file JWT_PUBLIC_KEYS_FILE names (by default the one `make run` writes,
    var/jwt_public_keys.json). No default key in code: none found, none accepted."""
    algorithm = env_str("JWT_ALGORITHM", "EdDSA")
    text = env_str("JWT_PUBLIC_KEYS", "")
    path = Path(env_str("JWT_PUBLIC_KEYS_FILE", str(var_dir() / "jwt_public_keys.json")))
    if not text and path.exists():
        text = path.read_text()
    keys = read_key_set(text, algorithm) if text else {}
    return JwtConfig(keys=keys, algorithm=algorithm, issuer=env_str("JWT_ISSUER", "revmod"),
                     audience=env_str("JWT_AUDIENCE", "revmod"),
                     max_lifetime=_max_lifetime())


def _max_lifetime() -> dt.timedelta:
    hours = env_float("JWT_MAX_LIFETIME_HOURS", MAX_LIFETIME.total_seconds() / 3600)
    if not 0 < hours <= 24:
        raise ValueError("JWT_MAX_LIFETIME_HOURS must be above 0 and at most 24")
    return dt.timedelta(hours=hours)


def token_signer_from_env(default_file: Path | None = None) -> TokenSigner | None:
    """The signing key, for the one component that signs: the PEM file JWT_PRIVATE_KEY_FILE
    names, else `default_file` (the command-line tool's var/jwt_private_key.pem); None when
    there is none, which is every other process."""
    named = env_str("JWT_PRIVATE_KEY_FILE", "")
    path = Path(named) if named else default_file
    if path is None or not (named or path.exists()):
        return None
    key = load_signing_key(path.read_bytes(), env_str("JWT_ALGORITHM", "EdDSA"))
    return TokenSigner(key=key, issuer=env_str("JWT_ISSUER", "revmod"),
                       audience=env_str("JWT_AUDIENCE", "revmod"), max_lifetime=_max_lifetime())


def default_sqlite_url(service: str) -> str:
    """SQLite file under var/: the embedded default so one command runs everything."""
    var = var_dir()
    var.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{var / (service + '.db')}"


@dataclass(frozen=True)
class CommonSettings:
    """What every service needs: its name, database, broker and the bus's policies."""

    service: str
    database_url: str
    #: the service's own broker user (<SERVICE>_AMQP_URL), which may publish only its own
    #: events and read only its own queues; AMQP_URL where one user serves all
    amqp_url: str = DEFAULT_AMQP_URL
    prefetch: int = 20
    heartbeat: int = 30
    #: seconds between backstop sweeps of the outbox (the relay also wakes on commits)
    relay_sweep_seconds: float = 5.0
    #: seconds between the service's timed sweeps (deadlines, reminders)
    sweep_seconds: float = 3600.0
    #: the largest message body a relay publishes and a consumer parses
    max_message_bytes: int = MAX_MESSAGE_BYTES
    #: fault injection for the resilience tests only: the relay waits this long between
    #: publishing and marking sent, the consumer between committing and acking (default 0)
    fault_pause_seconds: float = 0.0
    heartbeat_dir: str = DEFAULT_HEARTBEAT_DIR
    #: the longest one piece of a worker's work may run (a batch of events in a handler, a
    #: sweep, a round of letters) before its liveness probe calls the worker stuck
    stall_seconds: float = 300.0
    #: how bearer tokens are checked and signed; None: from JWT_* when first asked for
    #: (`jwt_config`), so a worker, which checks no token, starts without a key
    jwt: JwtConfig | None = None
    #: the signing key a test gives; None: JWT_PRIVATE_KEY_FILE, read when first asked for
    signer: TokenSigner | None = None
    #: a token from an identity provider for calls to other services (empty: ask accounts)
    service_token: str = ""
    #: where the accounts service issues service tokens, and this service's own client
    #: secret there (shared/auth/service_tokens.py)
    accounts_url: str = "http://127.0.0.1:8005"
    service_client_secret: str = ""

    @classmethod
    def common_from_env(cls, service: str) -> dict:
        prefix = service.upper()
        return dict(
            service=service,
            database_url=env_str(
                f"{prefix}_DATABASE_URL", env_str("DATABASE_URL", "")
            ) or default_sqlite_url(service),
            amqp_url=env_str(f"{prefix}_AMQP_URL", env_str("AMQP_URL", DEFAULT_AMQP_URL)),
            prefetch=env_int("BUS_PREFETCH", 20),
            heartbeat=env_int("BUS_HEARTBEAT", 30),
            relay_sweep_seconds=env_float("OUTBOX_SWEEP_SECONDS", 5.0),
            sweep_seconds=env_float(f"{prefix}_SWEEP_SECONDS", 3600.0),
            fault_pause_seconds=env_float("BUS_FAULT_PAUSE_SECONDS", 0.0),
            heartbeat_dir=env_str("WORKER_HEARTBEAT_DIR", DEFAULT_HEARTBEAT_DIR),
            stall_seconds=env_float("WORKER_STALL_SECONDS", 300.0),
            max_message_bytes=env_int("BUS_MAX_MESSAGE_BYTES", MAX_MESSAGE_BYTES),
            service_token=env_str("SERVICE_TOKEN", ""),
            accounts_url=env_str("ACCOUNTS_URL", "http://127.0.0.1:8005"),
            service_client_secret=env_str("SERVICE_CLIENT_SECRET", ""),
        )

    def jwt_config(self) -> JwtConfig:
        """The key and claims every token is checked against: the only place a service
        reads JWT_* (a test or a deployment may give its own `jwt`)."""
        return self.jwt or jwt_config_from_env()

    def token_signer(self) -> TokenSigner | None:
        """The signing key where this process was given one (JWT_PRIVATE_KEY_FILE): the
        signing component's, or a test's; None everywhere else."""
        return self.signer or token_signer_from_env()
