"""The question form at /ask/: what a patient reads, and a question sent from it."""

from __future__ import annotations

import re

import pytest

from questions.models import Question
from tests.ask_helpers import page_text
from tests.factories import CategoryFactory, ask_form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("ask_settings")]

THANKS = re.compile(r"^/ask/thanks/[0-9a-f]{64}/$")


# What the page says


def test_form_asks_for_the_question_and_optional_details(patient):
    CategoryFactory(name="Infusion therapies", slug="infusion-therapies")
    response = patient.get("/ask/")
    assert response.status_code == 200
    html = page_text(response)
    for label in [
        "Subject",
        "Your question",
        "Topic (optional)",
        "Your first name (optional)",
        "Your email (optional)",
        "Email me when my answer is published",
        "I understand that the answer is general information, not medical advice for me",
        "I agree that a version of my question, with anything that could identify me",
        "Please solve this sum, so we know you are a person",
    ]:
        assert label in html, label
    assert "Between 30 and 4,000 characters." in html
    assert '<option value="" selected>I am not sure</option>' in html
    assert ">Infusion therapies</option>" in html
    assert 'name="ack_not_advice" class="checkboxinput form-check-input" required' in html
    assert 'name="ack_publish" class="checkboxinput form-check-input" required' in html
    assert 'name="name" autocomplete="given-name" maxlength="100" class="textinput' in html
    assert 'name="email" autocomplete="email"' in html


def test_form_says_plainly_what_is_published_and_what_is_not(patient):
    response = patient.get("/ask/")
    assert response.status_code == 200
    html = page_text(response)
    assert "What is public, and what is not" in html
    assert "<strong>Published:</strong> your subject and question, after our moderator" in html
    assert (
        "<strong>Never published:</strong> your name, your email, your exact words as you "
        "typed them, and your internet address." in html
    )
    assert "Only our staff see it. It is never published." in html
    assert "<strong>Not for emergencies.</strong>" in html


def test_form_page_is_never_cached(patient):
    response = patient.get("/ask/")
    assert "no-cache" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


# Sending a question


def test_patient_sends_a_question_and_lands_on_the_thank_you_page(patient):
    category = CategoryFactory(name="Pregnancy", slug="pregnancy")
    data = ask_form_data(
        patient,
        category=str(category.pk),
        name="Imogen",
        email="imogen@patient.test",
        notify="on",
    )
    response = patient.post("/ask/", data)

    assert response.status_code == 302
    assert THANKS.match(response["Location"])
    question = Question.objects.get()
    assert question.status == Question.Status.NEW
    assert (question.title, question.body, question.category) == (
        data["subject"],
        data["question"],
        category,
    )
    submission = question.submission
    assert (submission.name, submission.email, submission.notify) == (
        "Imogen",
        "imogen@patient.test",
        True,
    )
    assert (submission.original_subject, submission.original_text) == (
        data["subject"],
        data["question"],
    )
    thanks = patient.get(response["Location"])
    assert "Thank you. Your question was sent." in page_text(thanks)


def test_a_question_without_any_optional_detail_is_accepted(patient):
    data = ask_form_data(patient, category=None, name=None, email=None, notify=None)
    response = patient.post("/ask/", data)
    assert response.status_code == 302
    submission = Question.objects.get().submission
    assert (submission.name, submission.email, submission.notify) == ("", "", False)
