"""Where a cold page's build goes: each page of scripts/bench/urls.py built in
this process (the Django test client, the page cache skipped as in the
benchmark's cold runs), with its time, its queries and the share of its time
spent in each part of the stack.

Run it against the benchmark's database after a run of scripts/benchmark has
filled it, with the same settings (see docs/benchmark.md):

    PYTHONPATH=. .venv/bin/python scripts/bench/cold_profile.py [--first] [name ...]

Only the names given (a part of the page's name) are profiled. With --first,
each build is a first build: not even the page's kept parts (core/parts.py)
are used. Times are this
process's alone, without gunicorn or wrk: compare pages and changes with it,
not with the benchmark's requests per second.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import sys
import time
from collections import Counter

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.dirname(__file__))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mscenter.settings")
import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from urls import pages  # noqa: E402  (scripts/bench/urls.py)

from core.cache import BENCHMARK_COLD_HEADER  # noqa: E402

BUILDS = 20
# Where time is spent, by the file a function is in (the first that matches);
# a built-in function's time goes to the part of the function that called it.
PARTS = [
    ("glossary linking", ("glossary/linking",)),
    ("sanitising and links", ("bleach", "core/text")),
    ("search", ("search/",)),
    (
        "templates",
        (
            "django/template",
            "templatetags",
            "django/utils/html",
            "django/utils/safestring",
            "django/utils/formats",
            "django/utils/dateformat",
            "django/utils/text",
        ),
    ),
    ("translation", ("django/utils/translation", "gettext", "asgiref")),
    ("lazy wrappers", ("django/utils/functional",)),
    ("ORM", ("django/db/models", "django/db/utils")),
    ("database driver", ("psycopg", "django/db/backends", "sqlite3")),
    ("cache", ("redis", "core/cache", "pickle")),
    ("URLs", ("django/urls",)),
    (
        "request handling",
        (
            "django/core/handlers",
            "django/middleware",
            "django/contrib",
            "django/http",
            "whitenoise",
            "core/",
            "mscenter/",
            "django/views",
        ),
    ),
    ("test client", ("django/test",)),
]


def part_of(filename: str) -> str:
    return next((name for name, marks in PARTS if any(m in filename for m in marks)), "other")


def shares_of(profile: cProfile.Profile) -> Counter[str]:
    shares: Counter[str] = Counter()
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    for (filename, _, _), (_, _, own, _, callers) in stats.items():
        if filename != "~" or not callers:
            shares[part_of(filename)] += own
            continue
        calls = sum(c[1] for c in callers.values()) or 1
        for (caller_file, _, _), caller in callers.items():
            shares[part_of(caller_file)] += own * caller[1] / calls
    return shares


def main(wanted: list[str]) -> None:
    first = wanted[:1] == ["--first"]
    wanted = wanted[1:] if first else wanted
    cold = "all" if first else "1"
    client = Client(headers={BENCHMARK_COLD_HEADER: cold, "X-Forwarded-Proto": "https"})
    print(f"{'page':28} {'ms':>6} {'queries':>7} {'SQL ms':>6}  where the time goes")
    for name, path in pages():
        if name == "similar questions" or (wanted and not any(w in name for w in wanted)):
            continue
        if client.get(path).status_code != 200:  # also fills what a page reads once
            continue
        sql: list[float] = []

        def timed(execute, *args, sql=sql):  # type: ignore[no-untyped-def]
            started = time.perf_counter()
            try:
                return execute(*args)
            finally:
                sql.append(time.perf_counter() - started)

        with connection.execute_wrapper(timed):
            client.get(path)
        started = time.perf_counter()
        for _ in range(BUILDS):
            client.get(path)
        ms = (time.perf_counter() - started) / BUILDS * 1000
        profile = cProfile.Profile()
        for _ in range(BUILDS):
            profile.runcall(client.get, path)
        shares = shares_of(profile)
        del shares["test client"]  # the measurement's own cost
        total = sum(shares.values()) or 1
        where = ", ".join(f"{part} {100 * t / total:.0f} %" for part, t in shares.most_common(5))
        print(f"{name:28} {ms:6.1f} {len(sql):7} {sum(sql) * 1000:6.1f}  {where}")


if __name__ == "__main__":
    main(sys.argv[1:])
