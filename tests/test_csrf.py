"""Every form refuses a post that does not carry its CSRF token: a page on
another site cannot ask, comment, sign in, edit, move or moderate in someone's
name. Each refusal is the friendly 403 page and stores nothing; each form is
also shown to work with its token, so the refusal is not an accident.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client

from questions import services
from questions.models import Comment, PatientSubmission, Question
from tests.factories import CommentFactory, PublishedQuestionFactory, QuestionFactory
from tests.forms import form_fields, question_change_form, transition_form

pytestmark = pytest.mark.django_db

FRIENDLY = "You cannot open this page"
_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _quick(ask_settings):
    ask_settings.COMMENT_RATE_LIMIT = "1000/h"


def strict(user=None) -> Client:
    """A browser that, like a real one, is held to the CSRF check."""
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


def token_on(client: Client, url: str) -> str:
    """The CSRF token of the form on `url`, as the page gives it to the browser."""
    return _TOKEN.search(client.get(url).content.decode()).group(1)


def assert_refused(response) -> None:
    assert response.status_code == 403
    assert FRIENDLY in response.content.decode()


# Each case: a client that has opened the form (so it holds the CSRF cookie,
# as a victim's browser would) posts it without the token, then with a token
# that is not the one for its cookie.
WITHOUT = [
    pytest.param(lambda token: {}, id="no token"),
    pytest.param(lambda token: {"csrfmiddlewaretoken": "x" * 64}, id="a forged token"),
]


@pytest.mark.parametrize("forged", WITHOUT)
def test_the_question_form_refuses_a_post_without_its_token(forged):
    patient = strict()
    data = {
        **form_fields(patient, "/ask/"),
        "subject": "Ocrevus and breastfeeding",
        "question": "Is it safe to breastfeed after an Ocrevus infusion, and for how long?",
        "ack_not_advice": "on",
        "ack_publish": "on",
    }
    assert_refused(patient.post("/ask/", {**data, **forged(None)}))
    assert Question.objects.count() == 0
    fresh = form_fields(patient, "/ask/")
    response = patient.post(
        "/ask/", {**data, **fresh, "csrfmiddlewaretoken": token_on(patient, "/ask/")}
    )
    assert response.status_code == 302 and Question.objects.count() == 1


@pytest.mark.parametrize("forged", WITHOUT)
def test_the_reply_form_refuses_a_post_without_its_token(forged):
    qa = PublishedQuestionFactory()
    url = f"/questions/{qa.slug}/reply/"
    reader = strict()
    data = {**form_fields(reader, url), "comment": "Posted from another site.", "name": "X"}
    assert_refused(reader.post(url, {**data, **forged(None)}))
    assert Comment.objects.count() == 0
    data = {**data, **form_fields(reader, url), "csrfmiddlewaretoken": token_on(reader, url)}
    assert reader.post(url, data).status_code == 302 and Comment.objects.count() == 1


@pytest.mark.parametrize("forged", WITHOUT)
def test_the_staff_sign_in_refuses_a_post_without_its_token(superuser, forged):
    browser = strict()
    browser.get("/admin/login/")
    credentials = {"username": "admin", "password": "a-long-test-password"}
    assert_refused(browser.post("/admin/login/", {**credentials, **forged(None)}))
    assert SESSION_KEY not in browser.session
    assert browser.get("/admin/").status_code == 302
    token = token_on(browser, "/admin/login/")
    response = browser.post(
        "/admin/login/?next=/admin/", {**credentials, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302 and browser.get("/admin/").status_code == 200


@pytest.mark.parametrize("forged", WITHOUT)
def test_the_answer_editor_refuses_a_post_without_its_token(moderator, expert, forged):
    question = QuestionFactory(title="The title as it was", answer_source="The answer as it was.")
    services.question_assign(question_id=question.pk, actor=moderator, expert=expert.expert_profile)
    url = f"/admin/questions/question/{question.pk}/change/"
    clinician = strict(expert)
    clinician.get(url)
    data = question_change_form(question, title="Changed by another site", answer_source="Planted.")
    assert_refused(clinician.post(url, {**data, **forged(None)}))
    question.refresh_from_db()
    assert (question.title, question.answer_source) == (
        "The title as it was",
        "The answer as it was.",
    )
    clinician.post(url, {**data, "csrfmiddlewaretoken": token_on(clinician, url)})
    question.refresh_from_db()
    assert question.answer_source == "Planted."


@pytest.mark.parametrize("forged", WITHOUT)
def test_the_transition_buttons_refuse_a_post_without_the_token(moderator, expert, forged):
    question = QuestionFactory()
    page = f"/admin/questions/question/{question.pk}/change/"
    url = page
    triage = strict(moderator)
    triage.get(page)
    data = transition_form(question, "reject", transition_reason="spam", _confirmed="1")
    assert_refused(triage.post(url, {**data, **forged(None)}))
    question.refresh_from_db()
    assert question.status == Question.Status.NEW
    assert not question.transitions.exists()
    triage.post(url, {**data, "csrfmiddlewaretoken": token_on(triage, page)})
    question.refresh_from_db()
    assert question.status == Question.Status.REJECTED


@pytest.mark.parametrize("forged", WITHOUT)
def test_the_comment_moderation_actions_refuse_a_post_without_the_token(moderator, forged):
    comment = CommentFactory(status=Comment.Status.PENDING)
    url = "/admin/questions/comment/?status__exact=pending"
    mod = strict(moderator)
    mod.get(url)
    data = {"action": "approve", "_selected_action": [comment.pk]}
    assert_refused(mod.post(url, {**data, **forged(None)}))
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING and comment.moderated_by is None
    mod.post(url, {**data, "csrfmiddlewaretoken": token_on(mod, url)})
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED


@pytest.mark.parametrize("forged", WITHOUT)
def test_the_publish_action_refuses_a_post_without_the_token(moderator, expert, colleague, forged):
    question = QuestionFactory(answer_source="Signed and ready.")
    services.question_assign(question_id=question.pk, actor=moderator, expert=expert.expert_profile)
    services.question_submit_for_signoff(question_id=question.pk, actor=expert)
    services.question_sign_off(question_id=question.pk, actor=colleague)
    url = "/admin/questions/question/?status__exact=signed_off"
    mod = strict(moderator)
    mod.get(url)
    data = {"action": "publish_selected", "_selected_action": [question.pk]}
    assert_refused(mod.post(url, {**data, **forged(None)}))
    question.refresh_from_db()
    assert question.status == Question.Status.SIGNED_OFF
    mod.post(url, {**data, "csrfmiddlewaretoken": token_on(mod, url)})
    question.refresh_from_db()
    assert question.status == Question.Status.PUBLISHED


@pytest.mark.parametrize("forged", WITHOUT)
def test_the_patients_erase_button_refuses_a_post_without_the_token(forged):
    question, token = services.question_submit(
        subject="A question",
        text="A question from a patient who left their details.",
        category=None,
        name="Keep Me",
        email="keep.me@patient.test",
        notify=True,
        client_address="192.0.2.9",
        form_token="csrf-erase",
    )
    status = f"/ask/status/{token}/"
    patient = strict()
    patient.get(status)
    assert_refused(patient.post(f"{status}erase/", forged(None)))
    submission = PatientSubmission.objects.get(question=question)
    assert (submission.name, submission.email) == ("Keep Me", "keep.me@patient.test")
    patient.post(
        f"{status}erase/", {"csrfmiddlewaretoken": token_on(patient, status), "confirmed": "1"}
    )
    submission.refresh_from_db()
    assert (submission.name, submission.email) == ("", "")


@pytest.mark.parametrize("forged", WITHOUT)
def test_signing_out_refuses_a_post_without_the_token(moderator, forged):
    mod = strict(moderator)
    mod.get("/admin/")
    assert_refused(mod.post("/admin/logout/", forged(None)))
    assert mod.get("/admin/").status_code == 200  # still signed in
    mod.post("/admin/logout/", {"csrfmiddlewaretoken": token_on(mod, "/admin/")})
    assert mod.get("/admin/").status_code == 302
