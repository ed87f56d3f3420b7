"""A database that cannot be reached: requests answer 503 problem+json (never a 500), the
readiness probe says not ready, and the liveness probe still says the process is up."""

from __future__ import annotations

from services.reviews.app import create_app
from services.reviews.settings import Settings

UNREACHABLE = "postgresql+psycopg://postgres@127.0.0.1:1/revmod_nowhere?connect_timeout=2"


def test_requests_answer_503_problem_when_the_database_is_down():
    app = create_app(Settings(service="reviews", database_url=UNREACHABLE))
    client = app.test_client()
    answer = client.get("/reviews")
    assert answer.status_code == 503
    assert answer.content_type == "application/problem+json"
    assert "nothing was changed" in answer.json["detail"]
    write = client.post("/reviews/1/start", json={"actor": "Secretariat", "reason": "x"})
    assert write.status_code == 503
    assert client.get("/readyz").status_code == 503
    assert client.get("/healthz").status_code == 200
