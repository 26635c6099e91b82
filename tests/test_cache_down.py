"""When the cache server (Redis) cannot be reached, nobody loses what they
typed: the rate limits, which count in the cache, let the post through and
the failure is logged for the administrator."""

from __future__ import annotations

import socket

import pytest
from django.test import Client

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


def test_a_patient_question_is_stored_while_the_cache_is_down(db, redis_down, caplog):
    patient = Client(raise_request_exception=False)
    response = patient.post("/ask/", ask_form_data(patient))
    assert response.status_code == 302
    assert response["Location"].startswith("/ask/thanks/")
    assert PatientSubmission.objects.count() == 1
    assert "Rate limit ask not checked: the cache failed" in caplog.text


def test_staff_can_still_sign_in_while_the_cache_is_down(moderator, redis_down):
    moderator.set_password("a-long-test-password")
    moderator.save()
    staff = Client(raise_request_exception=False)
    response = staff.post(
        "/admin/login/", {"username": "moderator", "password": "a-long-test-password"}
    )
    assert response.status_code == 302
    assert staff.get("/admin/").status_code == 200
