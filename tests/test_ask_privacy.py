"""What the patient tells us stays private, and a failing mail server never costs a question."""

from __future__ import annotations

import io
import logging
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import models
from django.test import Client
from django.utils import timezone
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

from core.models import OutgoingEmail
from questions import notifications
from questions.models import PatientSubmission, Question, Transition
from tests.conftest import PATIENT_ADDRESS, send_outbox
from tests.factories import CategoryFactory, ask_form_data, publish

pytestmark = pytest.mark.django_db

NAME = "Zebulon Quillfeather"
EMAIL = "zebulon.quillfeather@patient.test"
IP = PATIENT_ADDRESS
SUBJECT = "Quillfeather family question about Ocrevus"
WORDING = (
    "I live on Marigold Lane in Springfield and my neurologist Dr Bramblewood put me on "
    "Ocrevus last spring. Can I breastfeed?"
)
PRIVATE = [NAME, "Zebulon", "Quillfeather", EMAIL, IP, "Marigold Lane", "Bramblewood", WORDING]
PUBLIC_TITLE = "Breastfeeding on ocrelizumab"
PUBLIC_BODY = "A patient on ocrelizumab asks whether breastfeeding is possible."
STARS = SafeExceptionReporterFilter.cleansed_substitute


class FailingSMTPBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPException("421 Service not available")


@pytest.fixture(autouse=True)
def _moderators_and_site(ask_settings):
    ask_settings.MODERATOR_EMAILS = ["triage@clinic.test"]
    ask_settings.SITE_URL = "https://ms.example.org"


def private_form(client: Client, **changes) -> dict:
    return ask_form_data(
        client,
        **{"subject": SUBJECT, "question": WORDING, "name": NAME, "email": EMAIL, **changes},
    )


def assert_nothing_private_in(text: str, where: str) -> None:
    for secret in PRIVATE:
        assert secret not in text, (where, secret)


# Public pages


def test_patients_details_and_wording_appear_on_no_public_page_after_publication(patient, visitor):
    category = CategoryFactory(name="Pregnancy", slug="pregnancy")
    data = private_form(patient, notify="on", category=str(category.pk))
    assert patient.post("/ask/", data).status_code == 302
    question = Question.objects.get()
    # The moderator writes the public version; the clinician answers; it is published.
    question.title, question.body = PUBLIC_TITLE, PUBLIC_BODY
    question.save()
    publish(question)

    for url in [
        "/",
        "/questions/",
        question.get_absolute_url(),
        "/archive/",
        f"/archive/{timezone.localtime(question.published_at):%Y/%m}/",
        "/category/pregnancy/",
        "/feeds/latest/",
        "/feeds/category/pregnancy/",
        "/sitemap.xml",
    ]:
        response = visitor.get(url)
        assert response.status_code == 200, url
        assert_nothing_private_in(response.content.decode(), url)
    assert PUBLIC_TITLE in visitor.get("/questions/").content.decode()


# Logs and error reports


@pytest.fixture
def every_log_line(caplog):
    """Every record at every level, whatever the logging settings hold back."""
    for name in (None, "django", "django.request", "django.server", "questions", "captcha"):
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


def test_no_log_line_carries_the_patients_details_or_wording(patient, settings, every_log_line):
    settings.EMAIL_BACKEND = "tests.test_ask_privacy.FailingSMTPBackend"
    settings.ASK_RATE_LIMIT = "1/d"
    patient.get("/ask/")
    patient.post("/ask/", private_form(patient, ack_publish=None))  # shown with an error
    patient.post("/ask/", private_form(patient, new_captcha="1"))  # a new sum
    response = patient.post("/ask/", private_form(patient, notify="on"))
    assert response.status_code == 302
    send_outbox()  # the mail fails
    patient.get(response["Location"])
    status = patient.get(response["Location"].replace("/thanks/", "/status/")).content.decode()
    assert patient.post("/ask/", private_form(patient)).status_code == 429
    assert patient.get("/ask/status/" + "0" * 64 + "/").status_code == 404
    assert "Quillfeather" in status  # the patient's own page does show it

    logged = every_log_line.text
    assert "not sent (SMTPException); it stays in the outbox" in logged, "the logs were captured"
    assert_nothing_private_in(logged, "log")
    for record in every_log_line.records:
        assert_nothing_private_in(repr(record.args), "log arguments")


def test_error_reports_mask_what_the_patient_posted(patient):
    response = patient.post("/ask/", private_form(patient))
    assert response.status_code == 302
    request = response.wsgi_request

    posted = SafeExceptionReporterFilter().get_post_parameters(request)
    for field in ("subject", "question", "name", "email"):
        assert posted[field] == STARS, field
    assert posted["ack_publish"] == "on", "fields that say nothing about the patient stay"


def test_an_error_while_storing_a_question_makes_a_report_without_the_patients_details(
    patient, monkeypatch
):
    def broken(question):
        raise RuntimeError("the triage notification broke")

    monkeypatch.setattr(notifications, "moderators_new_question", broken)
    patient.raise_request_exception = False
    response = patient.post("/ask/", private_form(patient))
    assert response.status_code == 500
    assert Question.objects.count() == 0, "nothing is half stored"

    request = response.wsgi_request
    report = ExceptionReporter(request, *response.exc_info, is_email=True)
    for text in (report.get_traceback_text(), report.get_traceback_html()):
        assert "the triage notification broke" in text, "it is a report of that error"
        assert_nothing_private_in(text, "error report")
    assert STARS in report.get_traceback_text()


def test_the_client_address_is_stored_only_as_a_keyed_hash(patient):
    assert patient.post("/ask/", private_form(patient)).status_code == 302
    other = Client(REMOTE_ADDR="127.0.0.1")
    assert other.post("/ask/", ask_form_data(other)).status_code == 302

    hashes = list(PatientSubmission.objects.values_list("client_hash", flat=True))
    assert len(set(hashes)) == 2 and all(len(h) == 64 for h in hashes)
    for model in (Question, PatientSubmission, Transition, OutgoingEmail):
        text_fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
        ]
        for row in model.objects.values(*text_fields):
            for field, value in row.items():
                for address in (IP, "127.0.0.1"):
                    assert address not in (value or ""), (model.__name__, field)


# Email


def test_patient_who_gave_an_email_gets_the_status_link(patient):
    response = patient.post("/ask/", private_form(patient))
    assert response.status_code == 302
    token = response["Location"].split("/")[-2]

    [ack] = [m for m in send_outbox() if m.to == [EMAIL]]
    assert ack.subject == "We received your question"
    assert f"https://ms.example.org/ask/status/{token}/" in ack.body
    assert WORDING not in ack.body, "the email carries the link, not the text"
    assert "not for emergencies" in ack.body


def test_patient_without_an_email_gets_no_email(patient):
    patient.post("/ask/", private_form(patient, email=""))
    assert [m.to for m in send_outbox()] == [["triage@clinic.test"]]


def test_moderators_are_told_of_a_new_question_without_the_patients_details(patient, settings):
    settings.MODERATOR_EMAILS = ["triage@clinic.test", "second@clinic.test"]
    patient.post("/ask/", private_form(patient))
    question = Question.objects.get()

    told = [m for m in send_outbox() if m.to != [EMAIL]]
    assert sorted(m.to[0] for m in told) == ["second@clinic.test", "triage@clinic.test"]
    for message in told:
        assert message.subject == f"New question waiting for triage (#{question.pk})"
        assert f"/admin/questions/question/{question.pk}/change/" in message.body
        assert_nothing_private_in(message.subject + message.body, "moderator email")
        assert SUBJECT not in message.subject + message.body


def test_a_failing_mail_server_never_costs_a_question(patient, settings):
    settings.EMAIL_BACKEND = "tests.test_ask_privacy.FailingSMTPBackend"
    response = patient.post("/ask/", private_form(patient, notify="on"))

    assert response.status_code == 302
    assert (
        "Thank you. Your question was sent." in patient.get(response["Location"]).content.decode()
    )
    assert Question.objects.get().submission.email == EMAIL
    out = io.StringIO()
    call_command("send_outbox", stdout=out)
    assert out.getvalue().strip() == "0 sent, 2 still waiting."
    waiting = OutgoingEmail.objects.order_by("to")
    assert [(m.to, m.sent_at, m.attempts, m.last_error) for m in waiting] == [
        ("triage@clinic.test", None, 1, "SMTPException"),
        (EMAIL, None, 1, "SMTPException"),
    ]

    # The mail server is back: the next run of the outbox sends both.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    out = io.StringIO()
    call_command("send_outbox", stdout=out)
    assert out.getvalue().strip() == "2 sent, 0 still waiting."
    assert sorted(m.to[0] for m in mail.outbox) == sorted([EMAIL, "triage@clinic.test"])
    assert not OutgoingEmail.objects.filter(sent_at__isnull=True).exists()
    assert list(OutgoingEmail.objects.values_list("attempts", flat=True)) == [2, 2]
    out = io.StringIO()
    call_command("send_outbox", stdout=out)
    assert out.getvalue().strip() == "0 sent, 0 still waiting."
    assert len(mail.outbox) == 2, "nothing is sent twice"
