"""Configuration comes from the environment and fails loudly on bad values."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STRONG_KEY = "k" * 20 + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7"
# What a production start needs besides the checks above.
PRODUCTION_ENV = {
    "PRODUCTION": "true",
    "SECRET_KEY": STRONG_KEY,
    "ALLOWED_HOSTS": "ms.example.org",
    "DATABASE_URL": "postgres://clinic@db.internal:5432/mscenter",
    "REDIS_URL": "redis://cache.internal:6379/0",
    "SITE_URL": "https://ms.example.org",
}


def load_settings(**env: str) -> subprocess.CompletedProcess:
    """Import the settings in a fresh interpreter with exactly this environment."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DATABASE_URL",
            "REDIS_URL",
            "SITE_URL",
            "DEBUG",
            "SECRET_KEY",
            "PRODUCTION",
            "ALLOWED_HOSTS",
            "ASK_RATE_LIMIT",
            "COMMENT_RATE_LIMIT",
            "ADMIN_LOGIN_RATE_LIMIT",
        }
    }
    clean.update(env, DJANGO_SETTINGS_MODULE="mscenter.settings")
    code = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.DEBUG, s.DATABASES['default']['ENGINE'], s.ALLOWED_HOSTS,"
        " s.CACHES['default']['BACKEND'])"
    )
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


def test_no_environment_gives_a_debug_site_on_sqlite():
    result = load_settings()
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("True django.db.backends.sqlite3")


def test_database_url_selects_postgresql():
    result = load_settings(DATABASE_URL="postgres://clinic@db.internal:5432/mscenter")
    assert result.returncode == 0, result.stderr
    assert "django.db.backends.postgresql" in result.stdout


def test_redis_url_selects_the_redis_cache():
    result = load_settings(REDIS_URL="redis://127.0.0.1:6379/1")
    assert "core.cache.RedisCache" in result.stdout


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"SECRET_KEY": STRONG_KEY, "ALLOWED_HOSTS": "ms.example.org", "DEBUG": "true"},
            "DEBUG must be off",
        ),
        ({"ALLOWED_HOSTS": "ms.example.org"}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "short", "ALLOWED_HOSTS": "ms.example.org"}, "SECRET_KEY must be set"),
        (
            {"SECRET_KEY": "django-insecure-" + "x" * 60, "ALLOWED_HOSTS": "ms.example.org"},
            "SECRET_KEY must be set",
        ),
        ({"SECRET_KEY": STRONG_KEY}, "ALLOWED_HOSTS must name"),
    ],
)
def test_production_refuses_to_start_when_unsafe(env, message):
    result = load_settings(PRODUCTION="true", **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_starts_with_safe_settings():
    result = load_settings(**PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("False")


@pytest.mark.parametrize(("name", "value"), [("DEBUG", "maybe"), ("EMAIL_PORT", "twenty-five")])
def test_a_malformed_value_is_refused_with_its_name(name, value):
    result = load_settings(**{name: value})
    assert result.returncode != 0
    assert name in result.stderr and value in result.stderr


@pytest.mark.parametrize("missing", ["DATABASE_URL", "REDIS_URL", "SITE_URL"])
def test_production_names_the_one_missing_variable(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = load_settings(**env)
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured")
    assert f"{missing} must be set in production" in last_line


@pytest.mark.parametrize("name", ["ASK_RATE_LIMIT", "COMMENT_RATE_LIMIT", "ADMIN_LOGIN_RATE_LIMIT"])
@pytest.mark.parametrize("value", ["lots", "/h", "five per hour", "5/x"])
def test_a_rate_limit_that_cannot_be_read_stops_the_start(name, value):
    result = load_settings(**{name: value})
    assert result.returncode != 0
    assert name in result.stderr and value in result.stderr


@pytest.mark.parametrize("value", ["5/h", "10/15m", "100/d", "3/30s"])
def test_a_readable_rate_limit_starts(value):
    result = load_settings(ASK_RATE_LIMIT=value, COMMENT_RATE_LIMIT=value)
    assert result.returncode == 0, result.stderr
