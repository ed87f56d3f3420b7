"""The portal's settings, from the environment.

The portal owns no database and no queue: it needs only where the four services answer and
the key that signs its session cookie. That key has no default (STYLE.md: no default secrets
in code): PORTAL_SECRET_KEY, or the file var/portal_secret that `make run` writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from shared.config import env_float, env_str, var_dir


class MissingSecret(RuntimeError):
    """The portal cannot sign session cookies: say how to give it a key."""


@dataclass(frozen=True)
class Settings:
    secret_key: str
    lots_url: str = "http://127.0.0.1:8003"
    reviews_url: str = "http://127.0.0.1:8002"
    nominations_url: str = "http://127.0.0.1:8001"
    notifications_url: str = "http://127.0.0.1:8004"
    #: where people sign in (the accounts service)
    accounts_url: str = "http://127.0.0.1:8005"
    #: the technical assistance survey (its results, for the secretariat)
    survey_url: str = "http://127.0.0.1:8006"
    #: seconds each call to a service may take (the page waits for several)
    timeout: float = 5.0
    #: whether the sign-in page also takes a pasted token (development and the tests that
    #: sign in as any role; off wherever people sign in with their accounts)
    accepts_pasted_tokens: bool = False
    #: send the session cookie over HTTPS only: on wherever TLS ends before the portal
    secure_cookies: bool = False
    #: where a person's browser reaches each service's /docs, where that differs from where
    #: the portal reaches it (a container's name is no address for a browser)
    public_urls: dict[str, str] = field(default_factory=dict)

    @property
    def urls(self) -> dict[str, str]:
        return {"lots": self.lots_url, "reviews": self.reviews_url,
                "nominations": self.nominations_url, "notifications": self.notifications_url,
                "accounts": self.accounts_url, "survey": self.survey_url}

    def public_url(self, service: str) -> str:
        return self.public_urls.get(service) or self.urls[service]

    @classmethod
    def from_env(cls) -> Settings:
        settings = cls(
            secret_key=_secret_key(),
            lots_url=env_str("LOTS_URL", "http://127.0.0.1:8003"),
            reviews_url=env_str("REVIEWS_URL", "http://127.0.0.1:8002"),
            nominations_url=env_str("NOMINATIONS_URL", "http://127.0.0.1:8001"),
            notifications_url=env_str("NOTIFICATIONS_URL", "http://127.0.0.1:8004"),
            accounts_url=env_str("ACCOUNTS_URL", "http://127.0.0.1:8005"),
            survey_url=env_str("SURVEY_URL", "http://127.0.0.1:8006"),
            timeout=env_float("PORTAL_TIMEOUT", 5.0),
            secure_cookies=env_str("PORTAL_SECURE_COOKIES", "false").lower()
            in ("1", "true", "yes"),
            accepts_pasted_tokens=env_str("PORTAL_ACCEPTS_PASTED_TOKENS", "false").lower()
            in ("1", "true", "yes"),
        )
        public = {name: env_str(f"{name.upper()}_PUBLIC_URL", "") for name in settings.urls}
        return replace(settings, public_urls={k: v for k, v in public.items() if v})


def _secret_key() -> str:
    secret = env_str("PORTAL_SECRET_KEY", "")
    path = var_dir() / "portal_secret"
    if not secret and path.is_file():
        secret = path.read_text().strip()
    if len(secret) < 16:
        raise MissingSecret(
            "the portal has no session key: set PORTAL_SECRET_KEY (at least 16 characters, "
            f"e.g. `openssl rand -hex 32`) or write one to {path} (`make run` does)")
    return secret
