"""Similar published answers while a patient asks: as a fragment while they
type (JavaScript), and with the "Check for answers first" button without it."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

import pytest
from captcha.models import CaptchaStore
from django.core.cache import cache

from questions.models import PatientSubmission
from search.index import question_changed
from search.models import Synonym
from tests.ask_helpers import assert_shown_again_with_text_kept
from tests.factories import PublishedQuestionFactory, QuestionFactory, ask_form_data, publish
from tests.translation_helpers import translate

pytestmark = pytest.mark.django_db

TYPED_SUBJECT = "Breastfeeding on Ocrevus"
TYPED_QUESTION = "My baby is due in May. Can I breastfeed Wilhelmina while on Ocrevus infusions?"


@pytest.fixture
def answered(db):
    return PublishedQuestionFactory(
        title="Can I breastfeed after an Ocrevus infusion?", body="Due soon, want to nurse."
    )


def test_the_fragment_lists_published_answers_like_the_typed_question(patient, answered):
    response = patient.post("/ask/similar/", {"subject": TYPED_SUBJECT, "question": TYPED_QUESTION})
    html = response.content.decode()
    assert response.status_code == 200
    assert "These answers may already help" in html
    assert f'href="{answered.get_absolute_url()}"' in html
    assert "Can I breastfeed after an Ocrevus infusion?" in html
    assert "Wilhelmina" not in html  # what was typed is never echoed back


def test_the_fragment_is_empty_for_a_question_like_no_answer(patient, answered):
    html = patient.post(
        "/ask/similar/", {"subject": "Knee", "question": "zzqxv wobble"}
    ).content.decode()
    assert "These answers may already help" not in html


def test_the_typed_text_is_neither_logged_nor_stored_in_the_cache(patient, answered, caplog):
    caplog.set_level(logging.DEBUG)
    patient.post("/ask/similar/", {"subject": TYPED_SUBJECT, "question": TYPED_QUESTION})
    assert "Wilhelmina" not in caplog.text
    stored = repr([(key, cache.get(key)) for key in cache._cache])  # locmem in tests
    assert "Wilhelmina" not in stored and "breastfeed wilhelmina" not in stored.lower()


def test_the_same_text_again_is_answered_from_the_cache(
    patient, answered, django_assert_num_queries
):
    patient.post("/ask/similar/", {"subject": TYPED_SUBJECT, "question": TYPED_QUESTION})
    with django_assert_num_queries(0):
        patient.post(
            "/ask/similar/", {"subject": TYPED_SUBJECT + "  ", "question": TYPED_QUESTION.upper()}
        )


def test_an_answer_published_since_the_same_text_was_looked_up_is_listed_at_once(patient, answered):
    looked = {"subject": TYPED_SUBJECT, "question": TYPED_QUESTION}
    assert "Pumping milk" not in patient.post("/ask/similar/", looked).content.decode()
    publish(QuestionFactory(title="Pumping milk after an Ocrevus infusion"))
    assert "Pumping milk" in patient.post("/ask/similar/", looked).content.decode()


def test_a_spanish_patients_words_sent_as_the_page_sends_them_find_the_spanish_answer(patient):
    question = PublishedQuestionFactory(title="Can I breastfeed after Ocrevus?")
    translate(question, title="¿Puedo dar el pecho después de una infusión de Ocrevus?")
    question_changed(question.pk)
    typed = {"subject": "Lactancia", "question": "¿Podré dar el pecho después de la infusión?"}
    # As static/js/ask-similar.js posts it: URL-encoded UTF-8, not multipart.
    html = patient.post(
        "/es/ask/similar/", urlencode(typed), content_type="application/x-www-form-urlencoded"
    ).content.decode()
    assert "¿Puedo dar el pecho después de una infusión de Ocrevus?" in html


def test_too_many_looks_from_one_connection_are_refused(patient, answered, settings):
    settings.SIMILAR_RATE_LIMIT = "2/m"
    data = {"subject": TYPED_SUBJECT, "question": TYPED_QUESTION}
    assert [patient.post("/ask/similar/", data).status_code for _ in range(3)] == [200, 200, 429]


def test_check_for_answers_first_shows_the_list_under_the_question_and_keeps_everything(
    patient, answered, ask_settings
):
    sent = ask_form_data(
        patient, subject=TYPED_SUBJECT, question=TYPED_QUESTION, name="Ann", email="a@b.test"
    )
    sums_before = CaptchaStore.objects.filter(hashkey=sent["captcha_0"]).count()
    stored_before = PatientSubmission.objects.count()
    response = patient.post("/ask/", {**sent, "check_similar": "1"})
    html = response.content.decode()
    # Under the question box, never above it: what arrives above would push the box down.
    assert (
        html.index('name="question"')
        < html.index("These answers may already help")
        < html.index('name="category"')
    )
    assert "Can I breastfeed after an Ocrevus infusion?" in html
    assert_shown_again_with_text_kept(response, sent)
    assert PatientSubmission.objects.count() == stored_before
    # The sum was not used up: the patient could still send with it.
    assert CaptchaStore.objects.filter(hashkey=sent["captcha_0"]).count() == sums_before == 1


def test_the_patient_can_still_send_after_checking(patient, answered, ask_settings):
    stored_before = PatientSubmission.objects.count()
    patient.post("/ask/", {**ask_form_data(patient, subject=TYPED_SUBJECT), "check_similar": "1"})
    response = patient.post("/ask/", ask_form_data(patient, subject=TYPED_SUBJECT))
    assert response.status_code == 302 and "/ask/thanks/" in response["Location"]
    assert PatientSubmission.objects.count() == stored_before + 1


def test_checking_when_nothing_is_alike_says_so(patient, ask_settings):
    response = patient.post(
        "/ask/", {**ask_form_data(patient, subject="Odd wobble"), "check_similar": "1"}
    )
    assert "We found no published answer like your question yet" in response.content.decode()


def test_the_fragment_costs_the_same_queries_with_three_or_thirty_answers(
    patient, django_assert_num_queries
):
    # A group with one-word terms, whatever the migrations' seeded groups are by
    # now (a transactional test elsewhere may have flushed them).
    Synonym.objects.get_or_create(terms="breastfeeding, nursing")
    for n in range(3):
        PublishedQuestionFactory(title=f"Breastfeeding question {n}", body="Nursing.")
    cache.clear()
    # synonyms (with the therapies' names); which of their terms most entries have
    # (a synonym never expands to one), both cached until content changes; the
    # matching answers, ranked; the five shown
    with django_assert_num_queries(4):
        patient.post("/ask/similar/", {"subject": TYPED_SUBJECT, "question": TYPED_QUESTION})
    for n in range(27):
        PublishedQuestionFactory(title=f"Breastfeeding question {n + 3}", body="Nursing.")
    cache.clear()
    with django_assert_num_queries(4):
        patient.post("/ask/similar/", {"subject": TYPED_SUBJECT, "question": TYPED_QUESTION})
