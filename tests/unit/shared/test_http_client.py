"""The service client against a real local HTTP server: answers, retries, clear failure."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from shared.web.client import PeerUnavailable, ServiceClient


class Flaky(BaseHTTPRequestHandler):
    failures_left = 0

    def do_GET(self):  # noqa: N802 - http.server's hook name
        if Flaky.failures_left > 0:
            Flaky.failures_left -= 1
            self.send_response(503)
            self.end_headers()
            return
        body = json.dumps({"path": self.path, "auth": self.headers.get("Authorization")})
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Flaky)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_answer_is_returned_after_retries_when_the_peer_recovers(server):
    Flaky.failures_left = 2
    client = ServiceClient("nominations", server, retries=2, backoff=0.01, token="t")
    assert client.get_json("/figures", {"as_of": "2022-09-30"}) == {
        "path": "/figures?as_of=2022-09-30", "auth": "Bearer t"}


def test_peer_unavailable_names_the_service_when_it_keeps_failing(server):
    Flaky.failures_left = 10
    with pytest.raises(PeerUnavailable, match="nominations service is unavailable"):
        ServiceClient("nominations", server, retries=1, backoff=0.01).get_json("/figures")


def test_peer_unavailable_when_nothing_listens():
    with pytest.raises(PeerUnavailable, match="ConnectionError"):
        ServiceClient("nominations", "http://127.0.0.1:1", retries=0).get_json("/figures")
