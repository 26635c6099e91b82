"""gunicorn's own log lines (outside Django's logging) carry no patient's
private link and no client address: the site as deployed, with its access log."""

from __future__ import annotations

import contextlib
import os
import socket
import urllib.error
import urllib.request

import pytest

from tests import servers
from tests.conftest import RENDERING_ONLY

REDIS_DB = 13
TOKEN = "s3cr3tT0kenForOnePatient" + "x" * 40
pytestmark = [pytest.mark.server, RENDERING_ONLY]


@pytest.fixture(scope="module")
def server_log(tmp_path_factory) -> list[str]:
    """gunicorn's whole output after a few requests, read once it has stopped."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    server = servers.start(
        tmp_path_factory.mktemp("gunicorn_log"),
        name=f"mscenter_gunicorn_log_{worker}",
        redis_db=REDIS_DB,
        SECURE_SSL_REDIRECT="false",
    )
    try:
        # A request line gunicorn refuses (a control character in the path), as a
        # scanner or a broken client sends: gunicorn logs the path it refused.
        port = int(server.url.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=20) as raw:
            raw.sendall(f"GET /ask/status/{TOKEN}/\x7f HTTP/1.1\r\nHost: x\r\n\r\n".encode())
            assert raw.recv(4096).startswith(b"HTTP/1.1 400")
        # A status page and a file it loads, with the page as Referer (access log).
        for path in (f"/ask/status/{TOKEN}/", "/robots.txt"):
            request = urllib.request.Request(
                server.url + path,
                headers={
                    "X-Forwarded-Proto": "https",
                    "Referer": f"https://ms.example.org/ask/status/{TOKEN}/",
                },
            )
            # The unknown token's page is a 404; its log line is what counts.
            with contextlib.suppress(urllib.error.HTTPError):
                urllib.request.urlopen(request, timeout=20).close()  # noqa: S310 - our own server
    finally:
        servers.stop(server)
    return server.log


def test_a_malformed_request_line_is_logged_without_the_status_token(server_log):
    [line] = [line for line in server_log if "Invalid request" in line]
    assert "/ask/status/[private]" in line
    assert TOKEN not in line


def test_the_access_log_has_no_status_token_in_paths_or_referers(server_log):
    requests = [line for line in server_log if '"GET /' in line]
    assert len(requests) == 2, server_log
    assert all("/ask/status/[private]" in line for line in requests)
    assert not [line for line in server_log if TOKEN in line]


def test_gunicorn_logs_no_client_address(server_log):
    assert not [line for line in server_log if "127.0.0.1" in line and "Listening" not in line]
