"""A subscriber's address reaches no error page, crash report or log line."""

from __future__ import annotations

import logging

import pytest
from django.test import Client

from tests.forms import form_fields
from tests.privacy_people import SUBSCRIBERS, leaks
from tests.test_privacy_crashes import assert_the_crash_reveals_nothing

pytestmark = pytest.mark.django_db


def test_a_crash_while_subscribing_reveals_nothing(monkeypatch, caplog, settings):
    settings.ASK_MIN_SECONDS = 0
    settings.SUBSCRIBE_RATE_LIMIT = "1000/h"
    caplog.set_level(logging.DEBUG)
    person = SUBSCRIBERS[0]

    def crash(**kwargs):
        raise RuntimeError("the confirmation could not be queued")

    # Deep in the service, whose local variables hold the address.
    monkeypatch.setattr("core.outbox.queue", crash)
    reader = Client(REMOTE_ADDR=person["address"], raise_request_exception=False)
    data = {**form_fields(reader, "/subscribe/"), "email": person["email"], "frequency": "daily"}
    response = reader.post("/subscribe/", data)
    assert_the_crash_reveals_nothing(response, caplog, "the confirmation could not be queued")


def test_a_mistake_on_the_form_logs_nothing_of_the_address(caplog, settings):
    settings.ASK_MIN_SECONDS = 0
    caplog.set_level(logging.DEBUG)
    person = SUBSCRIBERS[1]
    reader = Client(REMOTE_ADDR=person["address"])
    response = reader.post("/subscribe/", {"email": person["email"], "captcha_1": "999"})
    assert response.status_code == 200
    assert person["email"] in response.content.decode(), "kept on the form, for its owner"
    assert [leaks(r.getMessage()) for r in caplog.records if leaks(r.getMessage())] == []


TOKEN = "f00d" * 16  # 64 characters, like a subscription's link


@pytest.mark.parametrize(
    "url",
    [
        f"/subscribe/manage/{TOKEN}/",
        f"/subscribe/unsubscribe/{TOKEN}/",
        f"/subscribe/confirm/{TOKEN}/",
    ],
)
def test_a_link_that_is_not_found_is_logged_without_its_token(url, caplog):
    # 404s are below the site's log level: lowered here, so that there is a line to read.
    caplog.set_level(logging.DEBUG, logger="django.request")
    assert Client().get(url).status_code == 404
    assert "Not Found: /subscribe/" in caplog.text and "/[private]/" in caplog.text
    assert TOKEN not in caplog.text
