"""Every environment variable the site reads, declared once: its name, its
default and what it does.

mscenter/settings.py reads the environment only through its env_* helpers,
which take each default from here and stop the start when a variable is read
but not declared. docs/configuration.md documents exactly these names
(tests/test_configuration_docs.py), so a new variable cannot go unexplained.
"""

from __future__ import annotations

from dataclasses import dataclass

Value = str | int | bool


@dataclass(frozen=True)
class ByMode:
    """A default that differs between a development site and `PRODUCTION=true`."""

    development: Value
    production: Value


@dataclass(frozen=True)
class Derived:
    """A default that settings.py computes from other settings (a path in the
    project folder, another variable's value); `means` says what it is."""

    means: str


@dataclass(frozen=True)
class Variable:
    name: str
    default: Value | ByMode | Derived
    description: str
    # Set: a production start without this variable stops, saying what it is for.
    required_in_production: str = ""


_RATE = "as count/period (`5/h`, `10/15m`)"

VARIABLES: tuple[Variable, ...] = (
    Variable("PRODUCTION", False, "a deployed site: HTTPS-only cookies, HSTS, SMTP mail"),
    Variable("DEBUG", ByMode(True, False), "Django's debug pages; refused in production"),
    Variable(
        "SECRET_KEY",
        Derived("a development-only key"),
        "signs sessions and keys every stored hash; 50+ random characters in production",
    ),
    Variable(
        "ALLOWED_HOSTS",
        ByMode("localhost,127.0.0.1,[::1]", ""),
        "comma-separated host names the site answers to",
    ),
    Variable("CSRF_TRUSTED_ORIGINS", "", "comma-separated origins, e.g. behind a proxy"),
    Variable("SITE_NAME", "Virtual MS Center", "the name shown on pages and in emails"),
    Variable("SITE_TAGLINE", "Ask an MS expert", "the line under the name"),
    Variable(
        "SITE_URL",
        "http://127.0.0.1:8000",
        "the site's address, for links in emails",
        required_in_production="links in emails, e.g. https://ms.example.org",
    ),
    Variable("CLINIC_PHONE", "", "a phone number that reaches a person at the clinic"),
    Variable("CLINIC_EMAIL", "", "an address that reaches a person at the clinic"),
    Variable(
        "DATABASE_URL",
        Derived("the SQLite file db.sqlite3 in the project folder"),
        "the database; empty counts as unset",
        required_in_production="the database, e.g. postgres://user:pass@host:5432/mscenter",
    ),
    Variable("DATABASE_CONN_MAX_AGE", ByMode(0, 600), "seconds a database connection is kept"),
    Variable(
        "DATABASE_PREPARED_STATEMENTS",
        True,
        "PostgreSQL plans a query run five times on a connection once, not each time",
    ),
    Variable(
        "REDIS_URL",
        "",
        "the cache and rate limits on Redis; unset, local memory per process",
        required_in_production=(
            "the cache and rate limits shared by all workers, e.g. redis://127.0.0.1:6379/0"
        ),
    ),
    Variable("CACHE_KEY_PREFIX", "mscenter", "put before every cache key in Redis"),
    Variable("TIME_ZONE", "America/Los_Angeles", "the clinic's time zone; decides archive months"),
    Variable(
        "STATIC_ROOT",
        Derived("staticfiles/ in the project folder"),
        "where collectstatic puts the static files",
    ),
    Variable("QUESTIONS_PER_PAGE", 10, "Q&As on each page of a list"),
    Variable(
        "REQUIRE_SECOND_SIGNER", True, "another clinician signs what a clinician sent (four eyes)"
    ),
    Variable("BENCHMARK_ENDPOINTS", False, "the benchmark's bare view; never on a real site"),
    Variable("ASK_RATE_LIMIT", "5/h", f"questions sent per client address, {_RATE}"),
    Variable("ASK_WRONG_SUM_RATE_LIMIT", "20/h", "wrong answers to the sum per client address"),
    Variable("ASK_MIN_SECONDS", 5, "a question sent sooner after the form was shown is refused"),
    Variable("ASK_MAX_LINKS", 3, "most web links a question may hold"),
    Variable("TRUSTED_PROXY_COUNT", 0, "how many proxies of the site's own stand in front"),
    Variable(
        "RATELIMIT_IP_META_KEY",
        Derived("X-Forwarded-For when TRUSTED_PROXY_COUNT is set, else the connection's address"),
        "the header the proxies write the client's address into",
    ),
    Variable("CAPTCHA_REFRESH_RATE_LIMIT", "30/h", "new sums fetched per client address"),
    Variable("COMMENTS_OPEN_DAYS", 90, "comments close this many days after publication"),
    Variable("COMMENT_RATE_LIMIT", "10/h", "comments sent per client address"),
    Variable("HELPFUL_RATE_LIMIT", "20/h", "answers to 'Was this helpful?' per client address"),
    Variable("SUBSCRIBE_RATE_LIMIT", "5/h", "requests to subscribe per client address"),
    Variable("QA_REVIEW_MONTHS", 36, "months until a signed Q&A is due for review"),
    Variable("DRUG_REVIEW_MONTHS", 12, "months until a drug entry is due for review"),
    Variable("SIMILAR_RATE_LIMIT", "60/m", "looks for similar questions per client address"),
    Variable(
        "SEARCH_COUNTS_FLUSH_SECONDS", 60, "seconds a worker keeps its search counts before writing"
    ),
    Variable(
        "PATIENT_DATA_RETENTION_DAYS", 90, "days a patient's details are kept after the answer"
    ),
    Variable(
        "COMMENTER_EMAIL_RETENTION_DAYS", 30, "days a commenter's address is kept after moderation"
    ),
    Variable(
        "MODERATOR_EMAILS",
        "",
        "comma-separated: who hears of new questions and comments",
        required_in_production="who hears of urgent and new questions, e.g. triage@ms.example.org",
    ),
    Variable("OUTBOX_MAX_ATTEMPTS", 12, "tries before a message is set aside as failed"),
    Variable("OUTBOX_RETRY_SECONDS", 300, "the first wait before a message is tried again"),
    Variable("ALLOW_TEST_EMAIL_DOMAINS", ByMode(True, False), "the forms accept .test addresses"),
    Variable(
        "EMAIL_BACKEND",
        ByMode(
            "django.core.mail.backends.console.EmailBackend",
            "django.core.mail.backends.smtp.EmailBackend",
        ),
        "how mail leaves",
    ),
    Variable("EMAIL_HOST", "localhost", "the SMTP server"),
    Variable("EMAIL_PORT", 25, "the SMTP port"),
    Variable("EMAIL_HOST_USER", "", "the SMTP user name"),
    Variable("EMAIL_HOST_PASSWORD", "", "the SMTP password"),
    Variable("EMAIL_USE_TLS", False, "STARTTLS to the SMTP server"),
    Variable("EMAIL_TIMEOUT", 10, "seconds to wait for the SMTP server"),
    Variable(
        "DEFAULT_FROM_EMAIL",
        "Ask an MS Expert <no-reply@localhost>",
        "the sender of the site's mail",
        required_in_production="the sender of the site's mail, e.g. no-reply@ms.example.org",
    ),
    Variable(
        "SERVER_EMAIL",
        Derived("the value of DEFAULT_FROM_EMAIL"),
        "the sender of the mail Django itself sends",
    ),
    Variable("SECURE_SSL_REDIRECT", True, "production only: redirect HTTP to HTTPS"),
    Variable("SECURE_HSTS_SECONDS", 31_536_000, "production only: how long HSTS holds"),
    Variable("SECURE_HSTS_PRELOAD", True, "production only: ask for the browsers' HSTS list"),
    Variable("SESSION_COOKIE_AGE", 7200, "seconds a staff session lasts without a request"),
    Variable("ADMIN_LOGIN_RATE_LIMIT", "10/15m", "failed staff sign-ins per address and name"),
    Variable("LOG_LEVEL", "INFO", "the least important log records written"),
)

DECLARED: dict[str, Variable] = {variable.name: variable for variable in VARIABLES}
