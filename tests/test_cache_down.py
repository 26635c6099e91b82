"""When the cache server (Redis) cannot be reached, nobody loses what they
typed: the rate limits, which count in the cache, let the post through and
the failure is logged for the administrator."""

from __future__ import annotations

import logging
import socket

import pytest
from django.test import Client

from core.cache import cache_outage
from questions.models import PatientSubmission
from tests.factories import ask_form_data


@pytest.fixture
def redis_down(settings):
    """Django's Redis cache pointed at a port where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 1},
        }
    }
    settings.ASK_MIN_SECONDS = 0


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    """The outage's clock, moved by the test: no waiting."""
    now = [1000.0]
    monkeypatch.setattr(cache_outage, "clock", lambda: now[0])
    cache_outage.reset()
    yield now
    cache_outage.reset()


def test_a_patient_question_is_stored_while_the_cache_is_down(db, redis_down, caplog):
    patient = Client(raise_request_exception=False)
    response = patient.post("/ask/", ask_form_data(patient))
    assert response.status_code == 302
    assert response["Location"].startswith("/ask/thanks/")
    assert PatientSubmission.objects.count() == 1
    assert "rate limits are not counted until it is back" in caplog.text


def test_staff_can_still_sign_in_while_the_cache_is_down(moderator, redis_down):
    moderator.set_password("a-long-test-password")
    moderator.save()
    staff = Client(raise_request_exception=False)
    response = staff.post(
        "/admin/login/", {"username": "moderator", "password": "a-long-test-password"}
    )
    assert response.status_code == 302
    assert staff.get("/admin/").status_code == 200


def cache_records(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if "The cache is" in r.getMessage()]


def test_an_outage_is_logged_once_then_once_a_minute_and_its_end_once(
    db, redis_down, settings, caplog, clock
):
    caplog.set_level(logging.INFO)
    visitor = Client(raise_request_exception=False)
    for page in ["/", "/questions/", "/archive/", "/", "/drugs/"]:
        assert visitor.get(page).status_code == 200
    patient = Client(raise_request_exception=False)
    assert patient.post("/ask/", ask_form_data(patient)).status_code == 302

    records = cache_records(caplog)
    assert [r.getMessage().split(":")[0] for r in records] == [
        "The cache is failing (ConnectionError in page cache get_many)"
    ]
    assert records[0].exc_info, "the first record says what failed, with its traceback"
    assert [r for r in caplog.records if r.exc_info] == [records[0]]

    clock[0] += 59  # within the minute: nothing more
    visitor.get("/")
    assert len(cache_records(caplog)) == 1

    clock[0] += 2  # a minute since the first record: one more line, no traceback
    visitor.get("/")
    visitor.get("/questions/")
    records = cache_records(caplog)
    assert len(records) == 2
    assert records[1].getMessage().startswith("The cache is still failing: ")
    assert " calls failed in the last 61 seconds" in records[1].getMessage()
    assert not records[1].exc_info

    clock[0] += 30
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    visitor.get("/")
    visitor.get("/questions/")
    records = cache_records(caplog)
    assert [r.getMessage() for r in records[2:]] == ["The cache is back after 91 seconds."]


def test_similar_answers_while_asking_still_come_while_the_cache_is_down(db, redis_down):
    from tests.factories import PublishedQuestionFactory

    PublishedQuestionFactory(title="Cooling vests for heat and fatigue")
    patient = Client(raise_request_exception=False)
    response = patient.post(
        "/ask/similar/", {"subject": "Heat and fatigue", "question": "Do cooling vests help?"}
    )
    assert response.status_code == 200
    assert "Cooling vests for heat and fatigue" in response.content.decode()
