"""The production stack for real: gunicorn with two workers, whitenoise serving
compressed static files with hashed names, the database from DATABASE_URL
(PostgreSQL when the suite runs on it) and the cache and rate limits on Redis.

The server runs in its own process against its own database, migrated and
loaded with the demo content by the same commands a deployment uses."""

from __future__ import annotations

import os
import re
import secrets
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = "redis://127.0.0.1:6379/14"
pytestmark = pytest.mark.server


def _redis_available() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


def _database_url(tmp: Path) -> str:
    engine = settings.DATABASES["default"]["ENGINE"]
    if engine.endswith("postgresql"):
        import psycopg

        params = settings.DATABASES["default"]
        name = "mscenter_server_test_" + os.environ.get("PYTEST_XDIST_WORKER", "main")
        admin = f"host={params['HOST'] or '127.0.0.1'} port={params['PORT'] or 5432} user={params['USER']} dbname=postgres"
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {name}")
            connection.execute(f"CREATE DATABASE {name}")
        return f"postgres://{params['USER']}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}/{name}"
    return f"sqlite:///{tmp / 'server.sqlite3'}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[dict]:
    if not _redis_available():
        if os.environ.get("CI"):
            pytest.fail("Redis is not running on 127.0.0.1:6379")
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    tmp = tmp_path_factory.mktemp("server")
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))},
        "DJANGO_SETTINGS_MODULE": "mscenter.settings",
        "PRODUCTION": "true",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": _database_url(tmp),
        "REDIS_URL": REDIS_URL,
        "SITE_URL": "http://127.0.0.1",
        "STATIC_ROOT": str(tmp / "static"),
        "ASK_RATE_LIMIT": "2/d",
        "ASK_MIN_SECONDS": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"], ["load_demo"]):
        subprocess.run([*manage, *command], cwd=ROOT, env=env, check=True, capture_output=True)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "mscenter.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--access-logfile",
            "-",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    # Ready when both workers said they booted (a blocking read, no waiting loop).
    booted = 0
    for line in process.stdout:
        booted += "Booting worker" in line
        if booted == 2:
            break
    yield {"url": f"http://127.0.0.1:{port}", "env": env, "process": process}
    process.terminate()
    process.wait(timeout=30)


def fetch(url: str, **headers: str):
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https", **headers})
    try:
        return urllib.request.urlopen(request, timeout=20)  # noqa: S310 - our own server on loopback
    except urllib.error.HTTPError as error:
        return error


def test_pages_come_from_gunicorn_with_every_security_header(server):
    response = fetch(server["url"] + "/")
    assert response.status == 200
    headers = response.headers
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "Virtual MS Center" in response.read().decode()


def test_static_files_have_hashed_names_long_cache_and_compression(server):
    html = fetch(server["url"] + "/").read().decode()
    css = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html)
    assert css, "the stylesheet is linked by its hashed name"
    response = fetch(server["url"] + css[1], **{"Accept-Encoding": "gzip"})
    assert response.status == 200
    assert response.headers["Content-Encoding"] == "gzip"
    cache_control = response.headers["Cache-Control"]
    assert "max-age=315360000" in cache_control and "immutable" in cache_control


def test_cached_pages_revalidate_with_304(server):
    first = fetch(server["url"] + "/questions/")
    etag = first.headers["ETag"]
    assert etag and first.headers["Cache-Control"] == "public, no-cache"
    again = fetch(server["url"] + "/questions/", **{"If-None-Match": etag})
    assert again.status == 304


def test_the_rate_limit_is_shared_by_all_workers_through_redis(server):
    # Two sync workers answer in turn; a per-process limit would let this through.
    # The site believes it is behind HTTPS (X-Forwarded-Proto), so the browser
    # side is played by hand: the secure CSRF cookie and an https Referer.
    statuses = []
    for n in range(4):
        page = fetch(server["url"] + "/ask/")
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
            server["url"] + "/ask/",
            data=body,
            headers={
                "X-Forwarded-Proto": "https",
                "Referer": server["url"].replace("http://", "https://") + "/ask/",
                "Cookie": cookie,
            },
        )
        try:
            statuses.append(urllib.request.urlopen(request, timeout=20).status)  # noqa: S310
        except urllib.error.HTTPError as error:
            statuses.append(error.code)
    # Wrong sums count against the limit (a robot guessing): two allowed, then 429.
    assert statuses == [200, 200, 429, 429], statuses


def test_the_database_connection_is_kept_between_requests(server):
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.db import connection; print(connection.settings_dict['CONN_MAX_AGE'])",
        ],
        cwd=ROOT,
        env=server["env"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert int(result.stdout.strip()) >= 60
