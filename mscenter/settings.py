"""Settings for the Ask an Expert site, read from the environment.

With no environment variables at all this is a development site on SQLite.
`PRODUCTION=true` switches to the deployed configuration and refuses to start
with a debug flag, a weak secret key or no allowed hosts. Every variable read
here is declared, with its default, in mscenter/env.py.
"""

from __future__ import annotations

import os
import re
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from core.rates import parse_rate  # imports nothing from Django
from mscenter.env import DECLARED, ByMode, Derived

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _declared_default(name: str, given: object) -> object:
    """The default mscenter/env.py declares for `name`; `given` only where it
    declares the default as computed here. Either mistake stops the start, so
    that every variable read is documented and its default is written once."""
    variable = DECLARED.get(name)
    if variable is None:
        raise ImproperlyConfigured(
            f"{name} is read by the settings but not declared in mscenter/env.py."
        )
    default = variable.default
    if isinstance(default, Derived) != (given is not None):
        raise ImproperlyConfigured(
            f"{name}: settings.py must pass a default exactly when mscenter/env.py declares "
            "it as computed (Derived)."
        )
    if isinstance(default, Derived):
        return given
    if isinstance(default, ByMode):
        # PRODUCTION is read first, with a plain default, before any of these.
        return default.production if globals()["PRODUCTION"] else default.development
    return default


def env_is_set(name: str) -> bool:
    """Whether a declared variable is given a value that is not empty."""
    if name not in DECLARED:
        raise ImproperlyConfigured(
            f"{name} is read by the settings but not declared in mscenter/env.py."
        )
    return bool(os.environ.get(name, "").strip())


def env_str(name: str, default: str | None = None) -> str:
    fallback = _declared_default(name, default)
    return os.environ.get(name, str(fallback))


def env_bool(name: str, default: bool | None = None) -> bool:
    fallback = _declared_default(name, default)
    raw = os.environ.get(name)
    if raw is None:
        return bool(fallback)
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int | None = None) -> int:
    fallback = _declared_default(name, default)
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        if not isinstance(fallback, int | str):  # env.py declares str, int or bool values
            raise ImproperlyConfigured(f"{name}: the default {fallback!r} is not a whole number.")
        return int(fallback)
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def env_rate(name: str, default: str | None = None) -> str:
    """A django-ratelimit rate ("5/h", "10/15m"), checked in full now rather than
    on the first request it limits."""
    raw = env_str(name, default).strip()
    try:
        parse_rate(raw)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be a rate such as 5/h or 10/15m, not {raw!r}"
        ) from None
    return raw


def env_list(name: str, default: str | None = None) -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def _address(name: str, raw: str) -> str:
    """One email address ("Clinic <no-reply@ms.example.org>" or a bare one),
    checked now: a typo would otherwise be found by the first email that bounces."""
    from django.core.exceptions import ValidationError
    from django.core.validators import EmailValidator

    address = parseaddr(raw)[1]
    try:
        # No allowlist: Django lets "localhost" pass, which no mail server delivers to.
        EmailValidator(allowlist=[])(address)
    except ValidationError:
        raise ImproperlyConfigured(
            f"{name} must be an email address such as "
            f"'Ask an MS Expert <no-reply@ms.example.org>', not {raw!r}"
        ) from None
    return raw


def env_log_level(name: str, default: str | None = None) -> str:
    raw = env_str(name, default).strip()
    level = raw.upper()
    if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
        raise ImproperlyConfigured(
            f"{name} must be one of DEBUG, INFO, WARNING, ERROR or CRITICAL, not {raw!r}"
        )
    return level


def env_header(name: str) -> str:
    """A request header named as in HTTP ("X-Forwarded-For") or as Django's
    request.META key ("HTTP_X_FORWARDED_FOR"): the META key either way."""
    raw = env_str(name, "").strip()
    if not raw:
        return ""
    key = raw.upper().replace("-", "_")
    if key != "REMOTE_ADDR" and not key.startswith("HTTP_"):
        key = "HTTP_" + key
    if not re.fullmatch(r"[A-Z0-9_]+", key):
        raise ImproperlyConfigured(f"{name} must name a request header, not {raw!r}")
    return key


PRODUCTION = env_bool("PRODUCTION")
DEBUG = env_bool("DEBUG")

_DEV_SECRET_KEY = "dev-only-secret-key-not-for-production"  # noqa: S105 - refused below in production
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET_KEY)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

if PRODUCTION:
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be off when PRODUCTION is true.")
    if (
        SECRET_KEY == _DEV_SECRET_KEY
        or len(SECRET_KEY) < 50
        or len(set(SECRET_KEY)) < 5
        or SECRET_KEY.startswith("django-insecure-")
    ):
        raise ImproperlyConfigured(
            "SECRET_KEY must be set to a random value of at least 50 characters in production "
            "(python -c 'import secrets; print(secrets.token_urlsafe(64))')."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must name the site's host names in production.")
    for _variable in DECLARED.values():
        if _variable.required_in_production and not env_is_set(_variable.name):
            raise ImproperlyConfigured(
                f"{_variable.name} must be set in production: {_variable.required_in_production}."
            )

SITE_NAME = env_str("SITE_NAME")
SITE_TAGLINE = env_str("SITE_TAGLINE")
# Where the site is reached, used for absolute links in emails ("https://ms.example.org").
_site_url = env_str("SITE_URL")
SITE_URL = _site_url.rstrip("/")
if PRODUCTION:
    _site = urlsplit(_site_url.strip())
    # Plain http only for this machine's own address: production mode tried
    # locally, where no email recipient could follow a link anyway.
    _local = _site.hostname in {"127.0.0.1", "localhost", "::1"}
    if not (_site.hostname and (_site.scheme == "https" or (_site.scheme == "http" and _local))):
        raise ImproperlyConfigured(
            "SITE_URL must be the site's https:// address in production, e.g. "
            f"https://ms.example.org, not {_site_url!r}."
        )
# A person at the clinic who helps those who cannot use the form's sum; shown in
# the footer and beside the sum. Unset: the site promises no such help.
CLINIC_PHONE = env_str("CLINIC_PHONE")
CLINIC_EMAIL = env_str("CLINIC_EMAIL")

INSTALLED_APPS = [
    "core.admin_config.SiteAdminConfig",  # django.contrib.admin, our site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",  # full-text search and trigrams on PostgreSQL (search app)
    "django.forms",
    "csp",
    "crispy_forms",
    "crispy_bootstrap5",
    "captcha",
    "django_ratelimit",
    "core",
    "questions",
    "drugs",
    "feedback",
    "glossary",
    "reading",
    "subscriptions",
    "search",
    "demo",  # demo content and the large dataset, loaded across the apps above
]

MIDDLEWARE = [
    # First: a cached public page is answered before any other middleware runs.
    "core.cache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Before anything resolves a URL: the /es/ prefix matches only with Spanish active.
    "core.i18n.PathLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.cache.StaffMarkerMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "mscenter.urls"
# Widgets render through TEMPLATES, so templates/ can override a library's widget.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "mscenter.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
                "core.context_processors.languages",
            ],
        },
    },
]

_DEV_DATABASE_URL = f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
try:
    DATABASES = {
        "default": dj_database_url.parse(
            # Empty is unset (a development site on SQLite); production refused it above.
            env_str("DATABASE_URL", _DEV_DATABASE_URL).strip() or _DEV_DATABASE_URL,
            conn_max_age=env_int("DATABASE_CONN_MAX_AGE"),
            conn_health_checks=True,
        )
    }
except ValueError:
    # The value is not repeated: it may hold the database password.
    raise ImproperlyConfigured(
        "DATABASE_URL must be a database address such as "
        "postgres://user:password@host:5432/mscenter or sqlite:///path/to/db.sqlite3."
    ) from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Take the write lock when a transaction starts, so that two racing status
    # changes are serialized instead of both reading the old status.
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
elif env_bool("DATABASE_PREPARED_STATEMENTS"):
    # A page's queries are the same few, again and again: sent with their
    # parameters apart, each is prepared (parsed and planned) once per
    # connection after five runs; planning was most of a Q&A page's SQL time.
    # Off behind a pooler that cannot keep them (PgBouncer in transaction mode).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=5
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Database sessions; a cookie that is not a well-formed key is no session (core/sessions.py).
SESSION_ENGINE = "core.sessions"

_REDIS_URL = env_str("REDIS_URL")
if _REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache, keeping its redis clients (core/cache.py).
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": _REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# English at today's addresses, Spanish under /es/: the language comes from the
# path alone (core.i18n), never from a cookie or Accept-Language, so a cached page
# is the same for everyone. docs/translations.md says how to add a language.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
# The clinic's own time zone decides which archive month a Q&A belongs to.
TIME_ZONE = env_str("TIME_ZONE")
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

QUESTIONS_PER_PAGE = env_int("QUESTIONS_PER_PAGE")
# Four-eyes rule: the clinician who wrote an answer cannot be the one who signs it.
REQUIRE_SECOND_SIGNER = env_bool("REQUIRE_SECOND_SIGNER")
# scripts/benchmark's reference view at /__bench__/bare/; off on a real site.
BENCHMARK_ENDPOINTS = env_bool("BENCHMARK_ENDPOINTS")
# The question form's defences against spam, beside the captcha.
ASK_RATE_LIMIT = env_rate("ASK_RATE_LIMIT")  # questions sent per client address
# Wrong answers to the sum per client address, on the question and comment forms alike.
ASK_WRONG_SUM_RATE_LIMIT = env_rate("ASK_WRONG_SUM_RATE_LIMIT")
ASK_MIN_SECONDS = env_int("ASK_MIN_SECONDS")  # faster than this is a robot
ASK_MAX_LINKS = env_int("ASK_MAX_LINKS")
# Behind proxies, the client's address is in a header that each proxy appends
# to: X-Forwarded-For ("client, proxy1, ..."). A client can write anything in
# it, so only the entries the site's own proxies added can be believed: the
# address is the TRUSTED_PROXY_COUNT-th from the right (core/http.py).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT")
RATELIMIT_IP_META_KEY = env_header("RATELIMIT_IP_META_KEY") or (
    "HTTP_X_FORWARDED_FOR" if TRUSTED_PROXY_COUNT else None
)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 (no proxy) or more.")
if RATELIMIT_IP_META_KEY not in (None, "REMOTE_ADDR") and not TRUSTED_PROXY_COUNT:
    raise ImproperlyConfigured(
        f"RATELIMIT_IP_META_KEY names a header ({RATELIMIT_IP_META_KEY}) but "
        "TRUSTED_PROXY_COUNT is not set: set it to the number of proxies in front of "
        "the site (1 for one nginx), so that the address is taken from what they wrote, "
        "not from what the client did."
    )
if _REDIS_URL:
    # django-ratelimit names only django-redis as supported; Django's own RedisCache
    # (which core.cache.RedisCache is, with its clients kept)
    # increments atomically as well (INCRBY), and tests/test_real_servers.py shows
    # the limit holding across two gunicorn workers.
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
elif not PRODUCTION:
    # Local memory is per process: fine for one development server only. In
    # production `check --deploy` fails without REDIS_URL, as it should.
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001", "django_ratelimit.E003"]

# A sum is easier to read with tired eyes than distorted letters; it is large,
# high-contrast and has an audio version (recorded clips, core/captcha.py).
CAPTCHA_CHALLENGE_FUNCT = "core.captcha.sum_challenge"
CAPTCHA_TIMEOUT = 120  # minutes: long enough to write a question slowly
CAPTCHA_IMAGE_SIZE = (220, 80)
CAPTCHA_FONT_SIZE = 44
CAPTCHA_LETTER_ROTATION = (-8, 8)
CAPTCHA_BACKGROUND_COLOR = "#ffffff"
CAPTCHA_FOREGROUND_COLOR = "#111111"
CAPTCHA_NOISE_FUNCTIONS = ("captcha.helpers.noise_dots",)
# "Show a different sum" per client address (each adds a row to the captcha table).
CAPTCHA_REFRESH_RATE_LIMIT = env_rate("CAPTCHA_REFRESH_RATE_LIMIT")

# Comments close by themselves this many days after publication (0: never).
COMMENTS_OPEN_DAYS = env_int("COMMENTS_OPEN_DAYS")
COMMENT_RATE_LIMIT = env_rate("COMMENT_RATE_LIMIT")
# "Was this helpful?" answers per client address.
HELPFUL_RATE_LIMIT = env_rate("HELPFUL_RATE_LIMIT")
# Subscription requests per client address; each address is emailed at most hourly anyway.
SUBSCRIBE_RATE_LIMIT = env_rate("SUBSCRIBE_RATE_LIMIT")

# The review cycle: a signed Q&A, and a drug entry, is due for review this many
# months after a clinician last signed or re-attested it.
QA_REVIEW_MONTHS = env_int("QA_REVIEW_MONTHS")
DRUG_REVIEW_MONTHS = env_int("DRUG_REVIEW_MONTHS")
for _name in ("QA_REVIEW_MONTHS", "DRUG_REVIEW_MONTHS"):
    if globals()[_name] < 1:
        raise ImproperlyConfigured(f"{_name} must be at least 1 (months).")
# Looks for similar questions while a patient types on /ask/, per client address.
SIMILAR_RATE_LIMIT = env_rate("SIMILAR_RATE_LIMIT")
# How long a worker keeps its counts of searches (found nothing, showed results,
# a result opened) before it writes them, after a response (search.misses).
SEARCH_COUNTS_FLUSH_SECONDS = env_int("SEARCH_COUNTS_FLUSH_SECONDS")
if SEARCH_COUNTS_FLUSH_SECONDS < 0:
    raise ImproperlyConfigured("SEARCH_COUNTS_FLUSH_SECONDS must be 0 or more (seconds).")

# Privacy housekeeping (manage.py purge_personal_data, daily from cron): days after
# a question is answered or declined, and after a comment is moderated.
PATIENT_DATA_RETENTION_DAYS = env_int("PATIENT_DATA_RETENTION_DAYS")
COMMENTER_EMAIL_RETENTION_DAYS = env_int("COMMENTER_EMAIL_RETENTION_DAYS")

# Who hears of new questions and comments waiting (comma-separated addresses).
MODERATOR_EMAILS = env_list("MODERATOR_EMAILS")

# The outbox (manage.py send_outbox): a message the mail server does not take is
# tried again on the next run, then after OUTBOX_RETRY_SECONDS, doubling each
# time (at most 6 hours apart), and set aside for the administrator after
# OUTBOX_MAX_ATTEMPTS tries; a refusal of the address for good sets it aside at once.
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS")
OUTBOX_RETRY_SECONDS = env_int("OUTBOX_RETRY_SECONDS")
if OUTBOX_MAX_ATTEMPTS < 1 or OUTBOX_RETRY_SECONDS < 1:
    raise ImproperlyConfigured("OUTBOX_MAX_ATTEMPTS and OUTBOX_RETRY_SECONDS must be 1 or more.")
# Addresses under the .test domain (RFC 6761) are accepted by the forms only
# where mail goes nowhere real: development and the test suite's servers.
ALLOW_TEST_EMAIL_DOMAINS = env_bool("ALLOW_TEST_EMAIL_DOMAINS")

EMAIL_BACKEND = env_str("EMAIL_BACKEND")
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT")
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL")
if PRODUCTION:
    _address("DEFAULT_FROM_EMAIL", DEFAULT_FROM_EMAIL)
    for _moderator in MODERATOR_EMAILS:
        _address("MODERATOR_EMAILS", _moderator)
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Only staff have sessions. They end after two idle hours and with the browser.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE")
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Password guessing: sign-in attempts per client address and per user name.
ADMIN_LOGIN_RATE_LIMIT = env_rate("ADMIN_LOGIN_RATE_LIMIT")
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "core.error_views.csrf_failure"
# Error reports never carry a client's internet address.
DEFAULT_EXCEPTION_REPORTER_FILTER = "core.error_views.PrivateExceptionReporterFilter"

# A strict Content-Security-Policy, everywhere (development too, so that tests
# and browsers catch an inline script or style= as soon as it is written).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],  # Bootstrap's data: icons are redrawn in site.css
        "font-src": [SELF],
        "connect-src": [SELF],  # the captcha's "new sum" button
        "media-src": [SELF],  # the captcha's audio
        "manifest-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

# Private links (a patient's status token) are redacted from every record
# (core/log_privacy.py): on the loggers that log request paths, so that
# every handler sees the redacted record, and on our handlers for the rest.
_REDACTED = {"filters": ["private_links"]}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"private_links": {"()": "core.log_privacy.RedactPrivateLinks"}},
    "formatters": {
        "plain": {"format": "{levelname} {name} {message}", "style": "{"},
        "server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", **_REDACTED},
        "django.server": {"class": "logging.StreamHandler", "formatter": "server", **_REDACTED},
    },
    "root": {"handlers": ["console"], "level": env_log_level("LOG_LEVEL")},
    "loggers": {
        # Django's defaults give "django" handlers of its own (console in
        # development, mail_admins, which mails the whole request): ours only.
        "django": {"handlers": [], "level": "INFO", "propagate": True, **_REDACTED},
        # Request logs carry URLs and, on errors, request details; keep them at
        # ERROR (a 404 is not worth a line) and never log bodies.
        "django.request": {"level": "ERROR", **_REDACTED},
        "django.security": _REDACTED,
        "django.security.csrf": _REDACTED,
        "django.server": {
            "handlers": ["django.server"],
            "level": "INFO",
            "propagate": False,
            **_REDACTED,
        },
        "mscenter.audit": {"level": "INFO"},
        # At DEBUG a failed template lookup logs the whole context, personal data included.
        "django.template": {"level": "INFO"},
    },
}
