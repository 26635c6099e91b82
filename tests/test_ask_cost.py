"""What one post of the question form may cost the site: an oversized text is
refused before anything reads it, and every post, mistaken or not, is counted."""

from __future__ import annotations

import pytest
from captcha.models import CaptchaStore

import questions.ask_views
import search.selectors
from questions.models import PatientSubmission, Question
from tests.ask_helpers import page_text
from tests.factories import ASK_QUESTION, PublishedQuestionFactory, ask_form_data, form_values

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("ask_settings")]

# 2.4 MB, as pasted by mistake (or sent by a robot); it names an emergency too.
PASTED = ("Since this morning I suddenly cannot see with my left eye. " * 41_000)[:2_400_000]


def test_an_oversized_question_comes_back_at_once_with_its_text_and_a_plain_message(patient):
    sent = ask_form_data(patient, question=PASTED, name="Imogen")
    response = patient.post("/ask/", sent)

    html = page_text(response)
    assert response.status_code == 200
    assert "Your question is too long. Please keep it to 4000 characters; it has 2400000" in html
    shown = form_values(html)
    assert (shown["question"], shown["subject"], shown["name"]) == (
        PASTED,
        sent["subject"],
        "Imogen",
    )
    # The emergency notice still shows: it is read from the part the form takes.
    assert "Not for emergencies" in html
    assert Question.objects.count() == 0
    # The sum was not looked at, so the patient's sum is still good for the next try.
    assert CaptchaStore.objects.filter(hashkey=sent["captcha_0"]).exists()


def test_an_oversized_question_is_not_searched_for_similar_answers(patient, monkeypatch):
    PublishedQuestionFactory(title="Sudden loss of sight in one eye", body="Optic neuritis?")

    def searched(*args, **kwargs):
        raise AssertionError("an oversized text was searched")

    monkeypatch.setattr(search.selectors, "similar_published", searched)
    response = patient.post(
        "/ask/", {**ask_form_data(patient, question=PASTED), "check_similar": "1"}
    )

    assert response.status_code == 200
    assert "Your question is too long." in page_text(response)
    assert form_values(page_text(response))["question"] == PASTED


def test_a_subject_just_at_its_limit_with_spaces_around_it_is_not_called_too_long(patient):
    subject = "  " + "S" * 150 + "\n"
    response = patient.post("/ask/", ask_form_data(patient, subject=subject))

    assert response.status_code == 302
    assert PatientSubmission.objects.get().original_subject == "S" * 150


def test_checking_for_answers_without_javascript_has_the_same_limit_as_while_typing(
    patient, settings
):
    settings.SIMILAR_RATE_LIMIT = "2/m"
    sent = {**ask_form_data(patient, name="Imogen"), "check_similar": "1"}

    codes = [patient.post("/ask/", sent).status_code for _ in range(2)]
    refused = patient.post("/ask/", sent)
    # The fragment fetched while typing draws on the same count.
    fetched = patient.post("/ask/similar/", {"subject": "Ocrevus", "question": ASK_QUESTION})

    assert codes == [200, 200]
    assert refused.status_code == 429
    html = page_text(refused)
    assert "Many looks for similar answers came from your connection just now." in html
    assert form_values(html)["name"] == "Imogen"
    assert form_values(html)["question"] == ASK_QUESTION
    assert fetched.status_code == 429


def test_mistaken_posts_count_toward_a_limit_of_posts_from_one_connection(
    patient, settings, monkeypatch
):
    settings.ASK_RATE_LIMIT = "1/h"
    monkeypatch.setattr(questions.ask_views, "POSTS_PER_QUESTION", 3)
    mistakes = [
        patient.post("/ask/", ask_form_data(patient, question="Too short")).status_code
        for _ in range(3)
    ]
    refused = patient.post("/ask/", ask_form_data(patient, name="Imogen"))

    assert mistakes == [200, 200, 200]
    assert refused.status_code == 429
    html = page_text(refused)
    assert "Many forms came from your connection in the last hour" in html
    assert (form_values(html)["name"], form_values(html)["question"]) == ("Imogen", ASK_QUESTION)
    assert Question.objects.count() == 0


def test_a_post_larger_than_the_site_reads_gets_the_friendly_error_page(patient):
    sent = ask_form_data(patient, question="x" * 3_000_000)
    response = patient.post("/ask/", sent)

    assert response.status_code == 400
    assert "Please go back and try again." in page_text(response)
