"""The site as it is deployed, for tests that need the real thing: gunicorn with
two workers and `PRODUCTION=true` (the production header set, secure cookies,
whitenoise's hashed static files), the cache and rate limits on Redis, mail to
an SMTP server, and a database of its own (PostgreSQL when the suite runs on
it), migrated and loaded with the demo content by the commands a deployment uses.
"""

from __future__ import annotations

import os
import re
import secrets
import socket
import sqlite3
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
# Every name a run creates on the shared PostgreSQL and Redis (a database, a
# cache key prefix) ends with the run's id, so that two runs on one machine
# (two checkouts, two CI jobs) never drop or flush each other's. CI passes its
# own id so that it can drop whatever a killed run left behind.
RUN_ID = re.sub(r"[^a-z0-9_]", "_", os.environ.get("TEST_RUN_ID", "").lower())
RUN_ID = RUN_ID or secrets.token_hex(4)


def redis_available() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


def require_redis() -> None:
    if not redis_available():
        if os.environ.get("CI"):
            pytest.fail("Redis is not running on 127.0.0.1:6379")
        pytest.skip("Redis is not running on 127.0.0.1:6379")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _postgres_admin(sql: str) -> None:
    import psycopg

    params = settings.DATABASES["default"]
    host, port = params["HOST"] or "127.0.0.1", params["PORT"] or 5432
    admin = f"host={host} port={port} user={params['USER']} dbname=postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(sql)


def _on_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def _database_url(tmp: Path, name: str) -> str:
    """A database of the server's own, on the engine the suite runs on."""
    if not _on_postgres():
        return f"sqlite:///{tmp / 'server.sqlite3'}"
    params = settings.DATABASES["default"]
    host, port = params["HOST"] or "127.0.0.1", params["PORT"] or 5432
    _postgres_admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    _postgres_admin(f"CREATE DATABASE {name}")
    return f"postgres://{params['USER']}@{host}:{port}/{name}"


def _forget_cache(redis_url: str, prefix: str) -> None:
    """Delete this server's cache keys (never FLUSHDB: other runs share the db)."""
    import redis

    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(match=f"{prefix}:*", count=1000):
        client.delete(key)


class MailSink:
    """An SMTP server on loopback that keeps every message it receives."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.messages: list[Message] = []
        sink = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
                sink.messages.append(message_from_bytes(envelope.content))
                return "250 OK"

        self.port = free_port()
        self._controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()


@dataclass
class Server:
    url: str
    env: dict[str, str]
    process: subprocess.Popen
    mail: MailSink
    database: str
    log: list[str] = field(default_factory=list)
    # Reads gunicorn's output into `log`; done once gunicorn has stopped.
    reader: threading.Thread | None = None

    def manage(self, *args: str) -> str:
        """Run a management command against the server's database and cache."""
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        )
        return result.stdout

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        """Read the server's database directly (SQL in the common subset, `%s` placeholders)."""
        url = self.env["DATABASE_URL"]
        if url.startswith("sqlite:///"):
            with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
                return connection.execute(sql.replace("%s", "?"), params).fetchall()
        import psycopg

        with psycopg.connect(url.replace("postgres://", "postgresql://")) as connection:
            return connection.execute(sql, params).fetchall()

    def sum_answer(self, key: str) -> str:
        """The answer the server stored for the sum with this key (what a patient reads)."""
        [(answer,)] = self.query(
            "SELECT response FROM captcha_captchastore WHERE hashkey = %s", (key,)
        )
        return answer

    def send_mail(self) -> list[Message]:
        """Run the outbox job as cron would; return the messages that arrived."""
        before = len(self.mail.messages)
        self.manage("send_outbox")
        return self.mail.messages[before:]


# The static files collected for the first server this test process started:
# the same for every server, and collecting them again costs seconds.
_collected: list[Path] = []

# migrate, collectstatic and load_demo as a deployment runs them, in one
# process rather than three (each start of Django costs seconds too).
_DEPLOY = """
import sys, django
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
if sys.argv[1] == "collect":
    call_command("collectstatic", interactive=False, verbosity=0)
call_command("load_demo")
"""


def start(tmp: Path, *, name: str, redis_db: int, **extra_env: str) -> Server:
    """Migrate, collect static files, load the demo and start gunicorn.

    `name` names its database (with the run's id added) and its cache keys."""
    require_redis()
    name = f"{name}_{RUN_ID}"
    redis_url = f"redis://127.0.0.1:6379/{redis_db}"
    _forget_cache(redis_url, name)
    mail = MailSink()
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))},
        "DJANGO_SETTINGS_MODULE": "mscenter.settings",
        "PRODUCTION": "true",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{port}",
        # Browsers speak plain HTTP to gunicorn while the site believes the
        # proxy's X-Forwarded-Proto, so their Origin is http://, not https://.
        "CSRF_TRUSTED_ORIGINS": f"http://127.0.0.1:{port}",
        "DATABASE_URL": _database_url(tmp, name),
        "REDIS_URL": redis_url,
        "CACHE_KEY_PREFIX": name,
        "STATIC_ROOT": str(_collected[0] if _collected else tmp / "static"),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(mail.port),
        "MODERATOR_EMAILS": "moderators@clinic.test",
        "DEFAULT_FROM_EMAIL": "Ask an MS Expert <no-reply@clinic.test>",
        # The people of the journeys type their addresses under .test.
        "ALLOW_TEST_EMAIL_DOMAINS": "true",
        **extra_env,
    }
    server = Server(url=f"http://127.0.0.1:{port}", env=env, process=None, mail=mail, database=name)  # type: ignore[arg-type]
    subprocess.run(  # noqa: S603 - our own commands
        [sys.executable, "-c", _DEPLOY, "reuse" if _collected else "collect"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    if not _collected:
        _collected.append(Path(env["STATIC_ROOT"]))
    _serve(server, port)
    return server


def _serve(server: Server, port: int) -> None:
    """Start gunicorn (two workers) for `server` on `port`, and return once both booted."""
    server.process = subprocess.Popen(  # noqa: S603 - our own server
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
        env=server.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    # Ready when both workers said they booted (a blocking read, no waiting loop);
    # after that a thread keeps reading, so that the log never fills the pipe.
    booted = 0
    assert server.process.stdout is not None
    for line in server.process.stdout:
        server.log.append(line)
        booted += "Booting worker" in line
        if booted == 2:
            break
    output = server.process.stdout
    server.reader = threading.Thread(target=lambda: server.log.extend(output), daemon=True)
    server.reader.start()


def start_another(server: Server) -> Server:
    """A second app server of the same site, as behind a load balancer: another
    gunicorn on another port, with the same settings, database, Redis and mail."""
    port = free_port()
    other = Server(
        url=f"http://127.0.0.1:{port}",
        env=server.env,
        process=None,  # type: ignore[arg-type]
        mail=server.mail,
        database=server.database,
    )
    _serve(other, port)
    return other


def stop_another(other: Server) -> None:
    """Stop a second app server; what it shares is left to the first one's `stop`."""
    other.process.terminate()
    other.process.wait(timeout=30)
    if other.reader is not None:
        other.reader.join(timeout=30)


def stop(server: Server) -> None:
    """Stop gunicorn and the mail sink; drop the database and the cache keys."""
    server.process.terminate()
    server.process.wait(timeout=30)
    if server.reader is not None:
        server.reader.join(timeout=30)  # so that `log` holds every line gunicorn wrote
    server.mail.stop()
    _forget_cache(server.env["REDIS_URL"], server.env["CACHE_KEY_PREFIX"])
    if _on_postgres():
        _postgres_admin(f"DROP DATABASE IF EXISTS {server.database} WITH (FORCE)")
