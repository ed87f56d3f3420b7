"""The accounts service's settings, from the environment: how long what it issues lives,
how hard a password is to guess and to hash, and when repeated failures slow and lock."""

from __future__ import annotations

import hashlib
import ipaddress
from dataclasses import dataclass, field

from shared.config import CommonSettings, env_float, env_int, env_str


def client_secret_digests(names: str) -> dict[str, str]:
    """ACCOUNTS_SERVICE_CLIENTS names the services (comma-separated) that may ask for a
    service token, each with its secret in <NAME>_CLIENT_SECRET; only digests are kept."""
    found = {}
    for name in filter(None, (n.strip() for n in names.split(","))):
        secret = env_str(f"{name.upper()}_CLIENT_SECRET", "")
        if len(secret) < 32:
            raise ValueError(f"{name.upper()}_CLIENT_SECRET must hold a secret of at least "
                             "32 characters for the service client ACCOUNTS_SERVICE_CLIENTS "
                             "names")
        found[name] = secret_digest(secret)
    return found


def secret_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class Settings(CommonSettings):
    #: how long a person's token lives: a withdrawn role outlives its nomination this long
    #: at most with a service that only verifies the token; the portal asks at every page
    session_minutes: float = 15.0
    #: how long an invitation's (or a password reset's) link works
    invitation_hours: float = 72.0
    reset_hours: float = 2.0
    #: where the links in the letters lead (the portal's own pages)
    portal_url: str = "http://127.0.0.1:8000"
    min_password_length: int = 12
    #: argon2id's cost: seconds of one CPU and memory for each sign-in (argon2-cffi's
    #: defaults, RFC 9106's second recommendation)
    hash_time_cost: int = 3
    hash_memory_kib: int = 65536
    #: failures of one e-mail address (or from one network address) after which each new
    #: attempt must wait, doubling, and after which it is locked for `lock_minutes`
    slow_after: int = 3
    lock_after: int = 10
    address_lock_after: int = 50
    lock_minutes: float = 15.0
    #: the services that may ask for a token with the service role, and their secrets'
    #: digests (ACCOUNTS_SERVICE_CLIENTS)
    service_clients: dict[str, str] = field(default_factory=dict)
    #: the networks whose X-Forwarded-For is believed (the portal, which signs people in
    #: on their behalf, and a proxy in front of this service: ACCOUNTS_TRUSTED_PROXIES,
    #: comma-separated); anyone else's is ignored, so that nobody escapes the count per
    #: network address by naming another
    trusted_proxies: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = (
        ipaddress.ip_network("127.0.0.1/32"),)

    def trusts(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in network for network in self.trusted_proxies)

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            **cls.common_from_env("accounts"),
            session_minutes=env_float("ACCOUNTS_SESSION_MINUTES", 15.0),
            invitation_hours=env_float("ACCOUNTS_INVITATION_HOURS", 72.0),
            reset_hours=env_float("ACCOUNTS_RESET_HOURS", 2.0),
            portal_url=env_str("PORTAL_PUBLIC_URL", "http://127.0.0.1:8000"),
            min_password_length=env_int("ACCOUNTS_MIN_PASSWORD_LENGTH", 12),
            hash_time_cost=env_int("ACCOUNTS_HASH_TIME_COST", 3),
            hash_memory_kib=env_int("ACCOUNTS_HASH_MEMORY_KIB", 65536),
            slow_after=env_int("ACCOUNTS_SLOW_AFTER", 3),
            lock_after=env_int("ACCOUNTS_LOCK_AFTER", 10),
            address_lock_after=env_int("ACCOUNTS_ADDRESS_LOCK_AFTER", 50),
            lock_minutes=env_float("ACCOUNTS_LOCK_MINUTES", 15.0),
            service_clients=client_secret_digests(env_str("ACCOUNTS_SERVICE_CLIENTS", "")),
            trusted_proxies=tuple(ipaddress.ip_network(a.strip()) for a in env_str(
                "ACCOUNTS_TRUSTED_PROXIES", "127.0.0.1/32").split(",") if a.strip()),
        )
