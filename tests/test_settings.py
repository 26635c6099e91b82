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
    "MODERATOR_EMAILS": "triage@ms.example.org",
    "DEFAULT_FROM_EMAIL": "Ask an MS Expert <no-reply@ms.example.org>",
}


def load_settings(show: str = "", **env: str) -> subprocess.CompletedProcess:
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
            "MODERATOR_EMAILS",
            "DEFAULT_FROM_EMAIL",
            "LOG_LEVEL",
            "RATELIMIT_IP_META_KEY",
            "TRUSTED_PROXY_COUNT",
        }
    }
    clean.update(env, DJANGO_SETTINGS_MODULE="mscenter.settings")
    code = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.DEBUG, s.DATABASES['default']['ENGINE'], s.ALLOWED_HOSTS,"
        " s.CACHES['default']['BACKEND'])"
    )
    if show:  # other settings, printed on a second line
        code += f"; print({show})"
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


@pytest.mark.parametrize(
    "missing", ["DATABASE_URL", "REDIS_URL", "SITE_URL", "MODERATOR_EMAILS", "DEFAULT_FROM_EMAIL"]
)
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


def last_line(result: subprocess.CompletedProcess) -> str:
    return result.stderr.strip().splitlines()[-1]


@pytest.mark.parametrize(
    "site_url", ["not a url", "ftp://x", "http://ms.example.org", "https://", "ms.example.org"]
)
def test_production_refuses_a_site_url_that_is_not_an_https_address(site_url):
    result = load_settings(**{**PRODUCTION_ENV, "SITE_URL": site_url})
    assert result.returncode != 0
    assert last_line(result) == (
        "django.core.exceptions.ImproperlyConfigured: SITE_URL must be the site's https:// "
        f"address in production, e.g. https://ms.example.org, not {site_url!r}."
    )


def test_production_tried_on_this_machine_may_use_plain_http_for_its_own_address():
    result = load_settings(**{**PRODUCTION_ENV, "SITE_URL": "http://127.0.0.1:8000"})
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DEFAULT_FROM_EMAIL", "no-reply"),
        ("DEFAULT_FROM_EMAIL", "Ask an MS Expert <no-reply@localhost>"),
        ("MODERATOR_EMAILS", "triage@ms.example.org, nurse at clinic"),
    ],
)
def test_production_refuses_an_email_address_that_cannot_be_delivered_to(name, value):
    result = load_settings(**{**PRODUCTION_ENV, name: value})
    assert result.returncode != 0
    assert last_line(result).startswith(
        f"django.core.exceptions.ImproperlyConfigured: {name} must be an email address"
    )


def test_a_sender_with_a_display_name_starts_production():
    result = load_settings(
        **{**PRODUCTION_ENV, "DEFAULT_FROM_EMAIL": "Virtual MS Center <ask@ms.example.org>"}
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("production", [False, True])
def test_a_log_level_that_does_not_exist_stops_the_start(production):
    env = PRODUCTION_ENV if production else {}
    result = load_settings(**{**env, "LOG_LEVEL": "LOUD"})
    assert result.returncode != 0
    assert last_line(result) == (
        "django.core.exceptions.ImproperlyConfigured: LOG_LEVEL must be one of DEBUG, INFO, "
        "WARNING, ERROR or CRITICAL, not 'LOUD'"
    )


def test_a_log_level_in_small_letters_is_understood():
    assert load_settings(LOG_LEVEL="warning").returncode == 0


def test_an_empty_database_url_is_a_development_site_on_sqlite():
    result = load_settings(DATABASE_URL="")
    assert result.returncode == 0, result.stderr
    assert "django.db.backends.sqlite3" in result.stdout


def test_production_with_an_empty_database_url_says_what_to_set_not_a_traceback():
    result = load_settings(**{**PRODUCTION_ENV, "DATABASE_URL": ""})
    assert result.returncode != 0
    assert last_line(result).startswith(
        "django.core.exceptions.ImproperlyConfigured: DATABASE_URL must be set in production"
    )


def test_a_database_url_that_cannot_be_read_is_refused_without_repeating_it():
    result = load_settings(DATABASE_URL="mysecretpassword")
    assert result.returncode != 0
    assert last_line(result).startswith(
        "django.core.exceptions.ImproperlyConfigured: DATABASE_URL must be a database address"
    )
    assert "mysecretpassword" not in result.stderr


@pytest.mark.parametrize("header", ["X-Forwarded-For", "HTTP_X_FORWARDED_FOR", "X-Real-IP"])
def test_a_forwarded_header_without_a_proxy_count_stops_the_start(header):
    result = load_settings(**{**PRODUCTION_ENV, "RATELIMIT_IP_META_KEY": header})
    assert result.returncode != 0
    assert "TRUSTED_PROXY_COUNT is not set" in last_line(result)


def test_a_forwarded_header_with_a_proxy_count_starts():
    result = load_settings(
        **{**PRODUCTION_ENV, "RATELIMIT_IP_META_KEY": "X-Forwarded-For", "TRUSTED_PROXY_COUNT": "1"}
    )
    assert result.returncode == 0, result.stderr


def test_a_variable_read_but_not_declared_stops_the_start():
    """mscenter/env.py is the one list the docs are checked against: the settings
    cannot read a variable it does not declare."""
    from django.core.exceptions import ImproperlyConfigured

    from mscenter import settings as site_settings

    with pytest.raises(ImproperlyConfigured, match="NOT_DECLARED is read by the settings but not"):
        site_settings.env_str("NOT_DECLARED")
    with pytest.raises(ImproperlyConfigured, match="NOT_DECLARED is read by the settings but not"):
        site_settings.env_is_set("NOT_DECLARED")


def test_a_default_is_written_once_in_the_declarations():
    from django.core.exceptions import ImproperlyConfigured

    from mscenter import settings as site_settings

    # Declared with a value: a second default at the call would be a second truth.
    with pytest.raises(ImproperlyConfigured, match="ASK_MIN_SECONDS: settings.py must pass"):
        site_settings.env_int("ASK_MIN_SECONDS", 7)
    # Declared as computed in settings.py: the call must give it.
    with pytest.raises(ImproperlyConfigured, match="SERVER_EMAIL: settings.py must pass"):
        site_settings.env_str("SERVER_EMAIL")


def test_defaults_by_mode_follow_production():
    show = "s.EMAIL_BACKEND, s.DATABASES['default']['CONN_MAX_AGE'], s.ALLOW_TEST_EMAIL_DOMAINS"
    development = load_settings(show=show)
    production = load_settings(show=show, **PRODUCTION_ENV)
    assert development.stdout.splitlines()[1] == (
        "django.core.mail.backends.console.EmailBackend 0 True"
    ), development.stderr
    assert production.stdout.splitlines()[1] == (
        "django.core.mail.backends.smtp.EmailBackend 600 False"
    ), production.stderr
