"""Production hardening: headers, error pages, staff sign-in, privacy housekeeping."""

from __future__ import annotations

import datetime
import logging

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone

from questions import services
from questions.models import Comment, PatientSubmission, Question, Transition
from tests.conftest import client_for
from tests.factories import CommentFactory, PublishedQuestionFactory, QuestionFactory

pytestmark = pytest.mark.django_db

CSP_MUST = [
    "default-src 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'none'",
    "object-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
]


@pytest.fixture
def qa(db):
    return PublishedQuestionFactory(category__name="Treatment", category__slug="treatment")


def public_urls(qa) -> list[str]:
    month = timezone.localtime(qa.published_at)
    return [
        "/",
        "/questions/",
        qa.get_absolute_url(),
        f"/questions/{qa.slug}/reply/",
        "/archive/",
        f"/archive/{month:%Y/%m}/",
        "/category/treatment/",
        "/ask/",
        "/feeds/latest/",
        "/sitemap.xml",
        "/robots.txt",
        "/admin/login/",
        "/no-such-page/",
    ]


def test_every_public_url_sends_the_security_headers(visitor, qa):
    for url in public_urls(qa):
        response = visitor.get(url)
        csp = response["Content-Security-Policy"]
        for directive in CSP_MUST:
            assert directive in csp, (url, directive)
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "same-origin", url
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", url
        assert response["X-Frame-Options"] == "DENY", url


@override_settings(
    SECURE_HSTS_SECONDS=31_536_000,
    SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
    SECURE_SSL_REDIRECT=True,
    SESSION_COOKIE_SECURE=True,
    CSRF_COOKIE_SECURE=True,
)
def test_over_https_the_site_sends_hsts_and_secure_cookies(qa):
    client = Client()
    assert client.get("/").status_code == 301  # plain HTTP is redirected
    response = client.get("/ask/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    cookie = response.cookies["csrftoken"]
    assert cookie["secure"] and cookie["samesite"] == "Lax"


@pytest.mark.parametrize(("url", "status"), [("/no-such-page/", 404), ("/questions/nope/", 404)])
def test_error_pages_are_friendly_and_carry_the_disclaimer(visitor, url, status):
    response = visitor.get(url)
    html = response.content.decode()
    assert response.status_code == status
    assert "We cannot find that page" in html
    assert "This service is not for emergencies." in html
    assert 'href="#main"' in html
    assert "Traceback" not in html and "SECRET_KEY" not in html


def test_the_500_page_works_when_the_database_is_down(qa, monkeypatch):
    client = Client(raise_request_exception=False)

    def broken(*args, **kwargs):
        raise connection.OperationalError("the database is down")

    monkeypatch.setattr(connection, "cursor", broken)
    response = client.get(qa.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, something went wrong on our side" in html
    assert "This service is not for emergencies." in html
    assert "database is down" not in html and "Traceback" not in html


def test_a_form_without_its_csrf_token_gets_the_friendly_403(qa):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/ask/", {"subject": "hello"})
    assert response.status_code == 403
    assert "You cannot open this page" in response.content.decode()


def test_staff_sign_in_is_rate_limited_per_user_name(visitor, superuser, settings):
    settings.ADMIN_LOGIN_RATE_LIMIT = "3/h"
    for _ in range(3):
        response = visitor.post("/admin/login/", {"username": "admin", "password": "wrong"})
        assert response.status_code == 200
    response = visitor.post(
        "/admin/login/", {"username": "admin", "password": "a-long-test-password"}
    )
    assert response.status_code == 429
    assert "Too many failed sign-ins came from your connection" in response.content.decode()


def test_successful_sign_ins_never_use_up_the_limit(superuser, settings):
    # A clinician on a phone and a desktop, behind the clinic's one address.
    settings.ADMIN_LOGIN_RATE_LIMIT = "3/h"
    for _ in range(5):
        response = Client().post(
            "/admin/login/", {"username": "admin", "password": "a-long-test-password"}
        )
        assert response.status_code == 302
    response = Client().post("/admin/login/", {"username": "admin", "password": "wrong"})
    assert response.status_code == 200
    assert "Please enter the correct username and password" in response.content.decode()


def test_a_signed_in_staff_member_cannot_guess_another_password_unlimited(
    moderator, superuser, settings
):
    settings.ADMIN_LOGIN_RATE_LIMIT = "3/h"
    signed_in = client_for(moderator)
    statuses = [
        signed_in.post("/admin/login/", {"username": "admin", "password": f"guess-{n}"}).status_code
        for n in range(5)
    ]
    assert statuses == [200, 200, 200, 429, 429]


def test_staff_sessions_are_short(superuser, settings):
    client = Client()
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "admin", "password": "a-long-test-password"}
    )
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert settings.SESSION_COOKIE_AGE <= 2 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_sign_ins_and_status_changes_are_logged_without_patient_data(
    superuser, moderator, caplog, django_capture_on_commit_callbacks
):
    question = QuestionFactory()
    caplog.set_level(logging.INFO, logger="mscenter.audit")
    Client().post("/admin/login/", {"username": "admin", "password": "a-long-test-password"})
    Client().post("/admin/login/", {"username": "admin", "password": "wrong"})
    with django_capture_on_commit_callbacks(execute=True):
        services.question_reject(question_id=question.pk, actor=moderator, reason="out_of_scope")
    lines = [r.getMessage() for r in caplog.records if r.name == "mscenter.audit"]
    assert f"staff sign-in: user #{superuser.pk} (admin)" in lines
    assert "failed staff sign-in attempt" in lines
    assert f"question #{question.pk}: reject (new -> rejected) by user #{moderator.pk}" in lines
    text = "\n".join(lines)
    submission = question.submission
    for private in [submission.name, submission.email, submission.original_text[:20]]:
        assert private not in text


def test_housekeeping_erases_old_patient_details_and_commenter_emails(visitor, moderator, settings):
    settings.PATIENT_DATA_RETENTION_DAYS = 30
    settings.COMMENTER_EMAIL_RETENTION_DAYS = 7
    old = QuestionFactory(title="Old declined")
    recent = QuestionFactory(title="Recently declined")
    waiting = QuestionFactory(title="Still waiting")
    for question in (old, recent):
        services.question_reject(question_id=question.pk, actor=moderator, reason="out_of_scope")
    Transition.objects.filter(question=old).update(
        created_at=timezone.now() - datetime.timedelta(days=31)
    )
    Transition.objects.filter(question=waiting).update(
        created_at=timezone.now() - datetime.timedelta(days=400)
    )
    qa = PublishedQuestionFactory()
    moderated = CommentFactory(
        question=qa, moderated_at=timezone.now() - datetime.timedelta(days=8)
    )
    fresh = CommentFactory(question=qa, moderated_at=timezone.now())
    page_before = visitor.get(qa.get_absolute_url()).content

    call_command("purge_personal_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("purge_personal_data", stdout=open("/dev/null", "w"))  # noqa: SIM115 - twice is safe

    erased = PatientSubmission.objects.get(question=old)
    assert (erased.name, erased.email, erased.original_text, erased.original_subject) == (
        "",
        "",
        "",
        "",
    )
    assert erased.erased_at is not None
    for kept in (recent, waiting):
        assert PatientSubmission.objects.get(question=kept).email
    assert Comment.objects.get(pk=moderated.pk).author_email == ""
    assert Comment.objects.get(pk=fresh.pk).author_email
    assert visitor.get(qa.get_absolute_url()).content == page_before
    assert Question.objects.get(pk=old.pk).title == "Old declined"


def test_staff_see_that_an_erased_submission_was_erased(moderator):
    question = QuestionFactory()
    services.submission_erase(submission=question.submission, wording=True)
    html = (
        client_for(moderator)
        .get(f"/admin/questions/question/{question.pk}/change/")
        .content.decode()
    )
    assert "Erased on" in html
    assert "Rosalind" not in html
