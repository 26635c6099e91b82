"""A solved sum is accepted exactly once, even when several posts race with it."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable

import pytest
from captcha.models import CaptchaStore
from django.db import connection, connections
from django.db.utils import load_backend
from django.test import Client

from questions.models import PatientSubmission, Question
from tests.factories import ask_form_data

PARALLEL = 6


@pytest.fixture(autouse=True)
def _ask_settings(settings):
    settings.ASK_MIN_SECONDS = 0
    settings.ASK_RATE_LIMIT = "1000/h"


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


def test_one_solved_sum_replayed_by_parallel_posts_stores_exactly_one_question(run_in_threads):
    clients = [Client() for _ in range(PARALLEL)]
    # Each post is a form of its own (its own token), all carrying one solved sum.
    forms = [ask_form_data(client) for client in clients]
    key = CaptchaStore.generate_key()
    answer = CaptchaStore.objects.get(hashkey=key).response
    for data in forms:
        data.update(captcha_0=key, captcha_1=answer)

    responses = run_in_threads(
        *[
            lambda c=client, d=data: c.post("/ask/", d)
            for client, data in zip(clients, forms, strict=True)
        ]
    )

    assert not [r for r in responses if isinstance(r, BaseException)], responses
    [stored] = run_in_threads(lambda: (Question.objects.count(), PatientSubmission.objects.count()))
    assert stored == (1, 1)
    assert sorted(r.status_code for r in responses) == [200] * (PARALLEL - 1) + [302]
    for response in responses:
        if response.status_code == 200:
            assert "This sum has expired or was already used" in response.content.decode()
