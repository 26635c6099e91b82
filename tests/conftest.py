from __future__ import annotations

import io
import json
import os
import re
import sqlite3
import threading
from collections.abc import Callable

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.db import connection, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import RunPython
from django.db.utils import load_backend
from django.test import Client

from tests.factories import ExpertProfileFactory, PublishedQuestionFactory, UserFactory

# What the browser gets (pages in Chromium, their HTML by the Nu checker,
# gunicorn's log) does not depend on the database: checked on the embedded
# default only, so that CI's two runs stay within their time. What is stored
# is tested on both databases, and the journeys walk the site as deployed, on
# PostgreSQL.
RENDERING_ONLY = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="what the browser gets: checked on SQLite; storage is tested on both databases",
)
# The promises walked under random sequences of moves (tests/test_*_sequences.py)
# rest on row locks and transactions, which SQLite does not take (it ignores
# select_for_update): walked on PostgreSQL, as deployed, and there only, for
# the same reason as above.
SEQUENCES_AS_DEPLOYED = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the sequences' row locks are PostgreSQL's: walked there, as deployed",
)


def _role_grants() -> list:
    """The functions of the migrations that make the staff groups and grant
    them permissions, in migration order: found, not listed, so that a new
    grant is never forgotten here."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    plan: list = []
    for leaf in sorted(loader.graph.leaf_nodes()):
        plan += [key for key in loader.graph.forwards_plan(leaf) if key not in plan]
    return [
        operation.code
        for key in plan
        for operation in loader.graph.nodes[key].operations
        if isinstance(operation, RunPython) and operation.code.__name__ in {"create_roles", "grant"}
    ]


def role(name: str) -> Group:
    """The staff group made by a migration; a transactional test's flush
    empties every table, so put the roles back when they are gone."""
    group = Group.objects.filter(name=name).first()
    if group is None:
        from django.apps import apps

        for grant in _role_grants():
            grant(apps, None)
        group = Group.objects.get(name=name)
    return group


@pytest.fixture
def roles(db) -> dict[str, Group]:
    """The staff groups as the migrations make them (what load_demo expects)."""
    return {name: role(name) for name in ("Moderators", "Experts")}


# The patient's internet address: private, so tests look for it where it must not be.
PATIENT_ADDRESS = "203.0.113.77"


@pytest.fixture
def patient() -> Client:
    """A patient's browser, without an account, from their own address."""
    return Client(REMOTE_ADDR=PATIENT_ADDRESS)


@pytest.fixture
def visitor() -> Client:
    return Client()


@pytest.fixture
def expert(db):
    profile = ExpertProfileFactory(user__username="expert")
    profile.user.groups.add(role("Experts"))
    return profile.user


@pytest.fixture
def colleague(db):
    """A second clinician: signs off what `expert` wrote (the four-eyes rule)."""
    profile = ExpertProfileFactory(user__username="colleague")
    profile.user.groups.add(role("Experts"))
    return profile.user


@pytest.fixture
def clinician(db):
    """A clinician whose name readers see on the replies to their comments."""
    profile = ExpertProfileFactory(user__username="dr.reply", display_name="Rosa Mendel, MD")
    profile.user.groups.add(role("Experts"))
    return profile.user


@pytest.fixture
def moderator(db):
    user = UserFactory(username="moderator", is_staff=True)
    user.groups.add(role("Moderators"))
    return user


@pytest.fixture
def qa(db):
    """A published Q&A for readers to comment on, find helpful or subscribe from."""
    return PublishedQuestionFactory(title="What happens on an infusion day?")


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def staff_without_role(db):
    return UserFactory(username="staffer", is_staff=True)


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole run (Playwright's sync API allows one per thread)."""
    from playwright.sync_api import sync_playwright

    from tests.chromium import launch

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


def json_ld(html: str) -> dict:
    """The page's structured data (schema.org JSON-LD): exactly one block per page."""
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert len(blocks) == 1, blocks
    return json.loads(blocks[0])


def client_for(user) -> Client:
    """A browser signed in as `user`, with the cookies a real sign-in through
    /admin/login/ gives (force_login alone sets only the session cookie)."""
    from core.cache import STAFF_COOKIE, signed_staff_marker

    client = Client()
    client.force_login(user)
    if user.is_staff:
        client.cookies[STAFF_COOKIE] = signed_staff_marker()
    return client


@pytest.fixture
def ask_settings(settings):
    """The question form's limits opened wide, so each test sets only the one it checks."""
    settings.ASK_MIN_SECONDS = 0
    settings.ASK_RATE_LIMIT = "1000/h"
    settings.ASK_MAX_LINKS = 3
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return settings


@pytest.fixture(autouse=True)
def _search_counts_written_at_once(settings, monkeypatch):
    # Written before each response, so a test reads them at once
    # (tests/test_search_counts_pending.py holds them back on purpose), and
    # nothing one test left waiting is counted in the next.
    from search import misses

    settings.SEARCH_COUNTS_FLUSH_SECONDS = 0
    monkeypatch.setattr(misses, "pending", misses.PendingCounts())


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Hashing strength is Django's business; tests only need logins to work.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    # Rate-limit counters and cached pages must not leak from one test to the next.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def send_outbox() -> list[mail.EmailMessage]:
    """Run the outbox job as cron does; return everything delivered so far."""
    call_command("send_outbox", stdout=io.StringIO())
    return mail.outbox


@pytest.fixture
def run_in_threads(transactional_db, tmp_path) -> Callable:
    """Run functions at the same moment, each in its own thread with its own connection.

    On PostgreSQL that is a connection to the test database. SQLite's test database
    lives in memory with a shared cache, where a second writer fails at once ("database
    table is locked") instead of waiting for the lock as it does on the database file a
    site runs on; there the threads share a file copy of the test database, taken when
    threads first start.
    """
    settings_dict = dict(connection.settings_dict)
    copied = False

    def run(*functions: Callable) -> list:
        nonlocal copied
        if connection.vendor == "sqlite" and not copied:
            settings_dict["NAME"] = str(tmp_path / "race.sqlite3")
            connection.ensure_connection()
            with sqlite3.connect(settings_dict["NAME"]) as copy:
                connection.connection.backup(copy)
            copied = True
        barrier = threading.Barrier(len(functions))
        results: list = [None] * len(functions)

        def worker(i: int) -> None:
            if connection.vendor == "sqlite":
                backend = load_backend(settings_dict["ENGINE"])
                connections["default"] = backend.DatabaseWrapper(settings_dict, "default")
            try:
                barrier.wait(timeout=10)
                results[i] = functions[i]()
            except BaseException as exc:  # reported by the test, not lost in the thread
                results[i] = exc
            finally:
                connections.close_all()

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(functions))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return results

    return run
