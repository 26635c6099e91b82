"""The production stack for real: gunicorn with two workers, whitenoise serving
compressed static files with hashed names, the database from DATABASE_URL
(PostgreSQL when the suite runs on it) and the cache and rate limits on Redis.

The server runs in its own process against its own database, migrated and
loaded with the demo content by the same commands a deployment uses."""

from __future__ import annotations

import http.client
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import closing

import pytest

from tests import servers

REDIS_DB = 14
pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[servers.Server]:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    running = servers.start(
        tmp_path_factory.mktemp("server"),
        name=f"mscenter_server_test_{worker}",
        redis_db=REDIS_DB,
        SECURE_SSL_REDIRECT="false",
        ASK_RATE_LIMIT="2/d",
        ASK_WRONG_SUM_RATE_LIMIT="2/d",
        ASK_MIN_SECONDS="0",
    )
    yield running
    servers.stop(running)


def fetch(url: str, **headers: str):
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https", **headers})
    try:
        return urllib.request.urlopen(request, timeout=20)  # noqa: S310 - our own server on loopback
    except urllib.error.HTTPError as error:
        return error


def test_pages_come_from_gunicorn_with_every_security_header(server):
    response = fetch(server.url + "/")
    assert response.status == 200
    headers = response.headers
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "Virtual MS Center" in response.read().decode()


def test_static_files_have_hashed_names_long_cache_and_compression(server):
    html = fetch(server.url + "/").read().decode()
    css = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html)
    assert css, "the stylesheet is linked by its hashed name"
    response = fetch(server.url + css[1], **{"Accept-Encoding": "gzip"})
    assert response.status == 200
    assert response.headers["Content-Encoding"] == "gzip"
    cache_control = response.headers["Cache-Control"]
    assert "max-age=315360000" in cache_control and "immutable" in cache_control


def test_cached_pages_revalidate_with_304(server):
    first = fetch(server.url + "/questions/")
    etag = first.headers["ETag"]
    assert etag and first.headers["Cache-Control"] == "public, no-cache"
    again = fetch(server.url + "/questions/", **{"If-None-Match": etag})
    assert again.status == 304


def ask_form(server) -> tuple[str, dict[str, str]]:
    """The question form as a browser gets it: its cookie and its hidden fields."""
    page = fetch(server.url + "/ask/")
    cookie = page.headers["Set-Cookie"].split(";")[0]
    fields = dict(
        re.findall(
            r'name="(csrfmiddlewaretoken|started|form_token|captcha_0)" value="([^"]+)"',
            page.read().decode(),
        )
    )
    return cookie, fields


def start_posting_a_wrong_sum(
    server, form: tuple[str, dict[str, str]], n: int
) -> Callable[[], int]:
    """Send the form with a wrong sum, all but its last byte: the worker that took
    the connection waits for the rest. Returns what sends it and reads the status."""
    cookie, fields = form
    body = urllib.parse.urlencode(
        {**fields, "captcha_1": "0", "subject": f"Question {n}", "question": "x" * 40}
    ).encode()
    connection = http.client.HTTPConnection(urllib.parse.urlsplit(server.url).netloc, timeout=20)
    connection.putrequest("POST", "/ask/")
    # The site believes it is behind HTTPS (X-Forwarded-Proto), so the browser
    # side is played by hand: the secure CSRF cookie and an https Referer.
    headers = {
        "X-Forwarded-Proto": "https",
        "Referer": server.url.replace("http://", "https://") + "/ask/",
        "Cookie": cookie,
        "Content-Type": "application/x-www-form-urlencoded",
        "Content-Length": str(len(body)),
    }
    for name, value in headers.items():
        connection.putheader(name, value)
    connection.endheaders(body[:-1])

    def finish() -> int:
        connection.send(body[-1:])
        with closing(connection):
            return connection.getresponse().status

    return finish


def test_the_rate_limit_is_shared_by_all_workers_through_redis(server):
    # Wrong sums have their own limit (a robot guessing): two allowed, then 429.
    forms = [ask_form(server) for _ in range(4)]
    # A sync worker serves one connection at a time: while one worker waits for
    # the rest of the first post, the next two can only be served by the other.
    held = start_posting_a_wrong_sum(server, forms[0], 0)
    try:
        served_by_the_other = [start_posting_a_wrong_sum(server, forms[n], n)() for n in (1, 2)]
    finally:
        held_status = held()  # a worker left waiting would hold up the server's stop
    assert served_by_the_other == [200, 200]
    # The held worker has counted nothing itself: it refuses only if the count is shared.
    assert held_status == 429
    assert start_posting_a_wrong_sum(server, forms[3], 3)() == 429


def database_backends(server) -> set[int]:
    """The PostgreSQL backends connected to the server's database, but for this one."""
    rows = server.query(
        "SELECT pid FROM pg_stat_activity"
        " WHERE datname = current_database() AND pid <> pg_backend_pid()"
    )
    return {pid for (pid,) in rows}


def test_each_worker_keeps_its_database_connection_between_requests(server):
    if not server.env["DATABASE_URL"].startswith("postgres"):
        pytest.skip("asked of PostgreSQL, which lists the connections its clients hold")
    seen: set[int] = set()
    for _ in range(8):
        # The form stores a new sum each time: every request uses the database.
        assert fetch(server.url + "/ask/").status == 200
        backends = database_backends(server)
        assert backends, "the connection stays open after the response"
        seen |= backends
    # One connection per worker, reused: a connection per request would be eight.
    assert len(seen) <= 2, seen


def test_a_test_server_leaves_nothing_behind_and_spares_another_runs_cache(tmp_path):
    """Two test runs share this machine's PostgreSQL and Redis: a server started
    by one must neither flush the other's cache keys nor leave its database behind."""
    import redis

    servers.require_redis()
    shared_db = redis.Redis(db=REDIS_DB)
    another_runs_key = f"mscenter_server_test_another_run_{servers.RUN_ID}:1:page"
    shared_db.set(another_runs_key, "still here", ex=600)

    running = servers.start(tmp_path, name="mscenter_cleanup_check", redis_db=REDIS_DB)
    try:
        assert fetch(running.url + "/").status == 200
        prefix = running.env.get("CACHE_KEY_PREFIX", "mscenter")  # the settings default
        assert list(shared_db.scan_iter(match=f"{prefix}:*")), "the page was cached"
        databases_while_running = postgres_databases_named("mscenter_cleanup_check")
    finally:
        servers.stop(running)

    assert shared_db.get(another_runs_key) == b"still here"
    assert list(shared_db.scan_iter(match=f"{prefix}:*")) == []
    if databases_while_running is not None:
        assert len(databases_while_running) == 1
        assert postgres_databases_named("mscenter_cleanup_check") == []
    shared_db.delete(another_runs_key)


def postgres_databases_named(start: str) -> list[str] | None:
    """The PostgreSQL databases whose names begin so; None on SQLite."""
    from django.conf import settings

    params = settings.DATABASES["default"]
    if not params["ENGINE"].endswith("postgresql"):
        return None
    import psycopg

    host, port = params["HOST"] or "127.0.0.1", params["PORT"] or 5432
    with psycopg.connect(f"host={host} port={port} user={params['USER']} dbname=postgres") as db:
        rows = db.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", (start + "%",))
        return [name for (name,) in rows.fetchall()]
