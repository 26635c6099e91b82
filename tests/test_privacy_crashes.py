"""Error pages and crash reports never carry what a patient or commenter typed."""

from __future__ import annotations

import logging

import pytest
from django.test import Client
from django.views.debug import ExceptionReporter

from questions.models import Comment
from tests.conftest import client_for
from tests.factories import CommentFactory, PublishedQuestionFactory
from tests.forms import form_fields
from tests.privacy_people import COMMENTERS, PATIENTS, leaks

pytestmark = pytest.mark.django_db


def test_error_pages_show_none_of_it(db, monkeypatch):
    client = Client(raise_request_exception=False)
    assert not leaks(client.get(f"/questions/{PATIENTS[0]['name']}/").content.decode())

    def broken(*args, **kwargs):
        raise RuntimeError(f"selector failed for {PATIENTS[0]['name']}")

    monkeypatch.setattr("questions.views.archive_months", broken)
    response = client.get("/archive/")
    assert response.status_code == 500
    assert "Sorry, something went wrong" in response.content.decode()
    assert not leaks(response.content.decode())


def assert_the_crash_reveals_nothing(response, caplog, message: str) -> None:
    """Neither the 500 page nor the report Django mails to ADMINS (or hands any
    logging handler) for the crash carries the posted words or the address."""
    assert response.status_code == 500
    assert not leaks(response.content.decode())
    crashes = [r for r in caplog.records if r.exc_info and getattr(r, "request", None)]
    assert crashes, "the crash was logged"
    for record in crashes:
        text = ExceptionReporter(record.request, *record.exc_info, is_email=True)
        text = text.get_traceback_text()
        assert message in text
        assert leaks(text) == [], leaks(text)
        assert leaks(logging.Formatter().formatException(record.exc_info)) == []


def test_a_crash_while_storing_a_question_reveals_nothing(monkeypatch, caplog, settings):
    settings.ASK_MIN_SECONDS = 0
    caplog.set_level(logging.DEBUG)
    person = PATIENTS[0]

    def crash(question):
        raise RuntimeError("the moderators' mail could not be queued")

    # Deep in the service, whose local variables hold everything the patient sent.
    monkeypatch.setattr("questions.notifications.moderators_new_question", crash)
    patient = Client(REMOTE_ADDR=person["address"], raise_request_exception=False)
    data = {
        **form_fields(patient, "/ask/"),
        "subject": person["subject"],
        "question": person["question"],
        "name": person["name"],
        "email": person["email"],
        "ack_not_advice": "on",
        "ack_publish": "on",
    }
    response = patient.post("/ask/", data)
    assert_the_crash_reveals_nothing(response, caplog, "the moderators' mail could not be queued")


def test_a_crash_while_storing_a_comment_reveals_nothing(monkeypatch, caplog, settings):
    settings.ASK_MIN_SECONDS = 0
    caplog.set_level(logging.DEBUG)
    person = COMMENTERS[1]
    qa = PublishedQuestionFactory()

    def crash(address):
        raise RuntimeError("the address could not be hashed")

    monkeypatch.setattr("questions.services.comments.hash_client", crash)
    reader = Client(REMOTE_ADDR=person["address"], raise_request_exception=False)
    url = f"/questions/{qa.slug}/reply/"
    data = {
        **form_fields(reader, url),
        "comment": person["comment"],
        "name": person["name"],
        "email": person["email"],
    }
    response = reader.post(url, data)
    assert_the_crash_reveals_nothing(response, caplog, "the address could not be hashed")


def test_a_crash_while_queueing_the_reply_email_reveals_nothing(monkeypatch, caplog, moderator):
    caplog.set_level(logging.DEBUG)
    person = COMMENTERS[0]
    comment = CommentFactory(
        author_name=person["name"], author_email=person["email"], notify_reply=True
    )

    def crash(**message):
        raise RuntimeError("the reply email could not be queued")

    # The service holds the address while it queues the one email.
    monkeypatch.setattr("core.outbox.queue", crash)
    staff = client_for(moderator)
    staff.raise_request_exception = False
    response = staff.post(
        f"/admin/questions/comment/{comment.pk}/reply/", {"body": "Thank you for asking."}
    )
    assert_the_crash_reveals_nothing(response, caplog, "the reply email could not be queued")
    # The long report (with each frame's variables) hides them below the view.
    [crash_record] = [r for r in caplog.records if r.exc_info and getattr(r, "request", None)]
    report = ExceptionReporter(crash_record.request, *crash_record.exc_info).get_traceback_html()
    assert "the reply email could not be queued" in report
    assert leaks(report) == []
    assert Comment.objects.get(pk=comment.pk).author_email == person["email"]  # rolled back
