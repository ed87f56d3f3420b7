"""Each service's wiring comes from its Settings, built once by its bootstrap: the key its
API checks tokens with, the token its report sends to the nominations service, and the
migrations its command line applies."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from sqlalchemy import inspect

from services.lots.app import create_app
from services.lots.bootstrap import migrate
from services.lots.settings import Settings
from services.reviews.bootstrap import bootstrap as reviews_bootstrap
from services.reviews.settings import Settings as ReviewsSettings
from services.reviews.worker import build_parts
from shared.auth.jwt import TokenSigner, issue
from shared.config import REPO_ROOT
from shared.db.engine import make_engine
from tests.support.clients import run_signer
from tests.support.keys import new_keys


def test_the_api_checks_tokens_with_the_settings_key_when_the_environment_has_another(
        tmp_path):
    own, own_signer = new_keys()
    settings = Settings(service="lots", database_url=f"sqlite:///{tmp_path}/lots.db", jwt=own)
    app = create_app(settings)
    migrate(app.extensions["revmod"])
    client = app.test_client()

    def states(signer: TokenSigner) -> int:
        token = issue(signer, subject="t", role="secretariat")
        return client.get("/states", headers={"Authorization": f"Bearer {token}"}).status_code

    assert (states(own_signer), states(run_signer())) == (200, 401)


class _Figures(BaseHTTPRequestHandler):
    seen: list[str] = []

    def do_GET(self):  # noqa: N802 - the name http.server calls
        self.seen.append(self.headers.get("Authorization", ""))
        body = b'{"as_of": "2021-01-01", "groups": [], "totals": {}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_the_report_sends_the_identity_providers_token_when_the_settings_name_one(tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Figures)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        ctx = reviews_bootstrap(ReviewsSettings(
            service="reviews", database_url=f"sqlite:///{tmp_path}/reviews.db",
            nominations_url=f"http://127.0.0.1:{server.server_port}",
            service_token="from-the-identity-provider"))
        answer = ctx.nominations(dt.date(2021, 1, 1))
    finally:
        server.shutdown()
    assert answer["available"] and _Figures.seen == ["Bearer from-the-identity-provider"]


def test_the_command_line_brings_the_database_to_head_when_asked_to_migrate(tmp_path):
    url = f"sqlite:///{tmp_path}/lots.db"
    done = subprocess.run([sys.executable, "-m", "services.lots.cli", "migrate"],
                          cwd=REPO_ROOT, env={**os.environ, "LOTS_DATABASE_URL": url},
                          capture_output=True, text=True, timeout=120)
    engine = make_engine(url)
    try:
        tables = set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
    assert done.returncode == 0, done.stderr
    assert {"states_parties", "alembic_version"} <= tables


def test_a_worker_is_built_without_a_token_key_when_none_is_configured(monkeypatch, tmp_path):
    """A worker checks no token and signs none: it starts with no key at all."""
    for name in ("JWT_PUBLIC_KEYS", "JWT_PRIVATE_KEY_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("REVMOD_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("REVIEWS_DATABASE_URL", f"sqlite:///{tmp_path}/reviews.db")
    parts = build_parts(ReviewsSettings.from_env())
    assert {"relay", "consumer", "sweep"} <= set(parts)
