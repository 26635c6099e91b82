"""The production stack for real: gunicorn with two workers, whitenoise serving
compressed static files with hashed names, the database from DATABASE_URL
(PostgreSQL when the suite runs on it) and the cache and rate limits on Redis.

The server runs in its own process against its own database, migrated and
loaded with the demo content by the same commands a deployment uses."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator

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


def test_the_rate_limit_is_shared_by_all_workers_through_redis(server):
    # Two sync workers answer in turn; a per-process limit would let this through.
    # The site believes it is behind HTTPS (X-Forwarded-Proto), so the browser
    # side is played by hand: the secure CSRF cookie and an https Referer.
    statuses = []
    for n in range(4):
        page = fetch(server.url + "/ask/")
        cookie = page.headers["Set-Cookie"].split(";")[0]
        fields = dict(
            re.findall(
                r'name="(csrfmiddlewaretoken|started|form_token|captcha_0)" value="([^"]+)"',
                page.read().decode(),
            )
        )
        body = urllib.parse.urlencode(
            {**fields, "captcha_1": "0", "subject": f"Question {n}", "question": "x" * 40}
        ).encode()
        request = urllib.request.Request(
            server.url + "/ask/",
            data=body,
            headers={
                "X-Forwarded-Proto": "https",
                "Referer": server.url.replace("http://", "https://") + "/ask/",
                "Cookie": cookie,
            },
        )
        try:
            statuses.append(urllib.request.urlopen(request, timeout=20).status)  # noqa: S310
        except urllib.error.HTTPError as error:
            statuses.append(error.code)
    # Wrong sums have their own limit (a robot guessing): two allowed, then 429.
    assert statuses == [200, 200, 429, 429], statuses


def test_the_database_connection_is_kept_between_requests(server):
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.db import connection; print(connection.settings_dict['CONN_MAX_AGE'])",
        ],
        cwd=servers.ROOT,
        env=server.env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert int(result.stdout.strip()) >= 60


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
