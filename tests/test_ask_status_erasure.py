"""The status page's erase buttons, and what the page says at each stage about the
contact details and the emergency numbers."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from core.models import OutgoingEmail
from questions import services
from questions.models import PatientSubmission, Question
from tests.factories import ask_form_data, publish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("ask_settings")]

NAME, EMAIL = "Philippa Quarrington", "philippa.q@patient.test"
WORDS = "I am Philippa Quarrington from Dunmore Heath. Can I take Kesimpta while travelling?"
URGENT = "If this is happening now, do not wait for an answer here"
CANNOT_TELL = "we will then not be able to tell you when the answer is published"


def ask(patient: Client, **changes) -> str:
    """Send a question with a name and email; the private status page's path."""
    data = ask_form_data(patient, name=NAME, email=EMAIL, notify="on", question=WORDS)
    data.update(changes)
    response = patient.post("/ask/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"].replace("/thanks/", "/status/")


def press(patient: Client, path: str, *, wording: bool) -> str:
    data = {"confirmed": "1", **({"wording": "1"} if wording else {})}
    response = patient.post(path + "erase/", data, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def decline(moderator, **fields) -> None:
    services.question_reject(
        question_id=Question.objects.get().pk, actor=moderator, reason="out_of_scope", **fields
    )


def test_erasing_name_and_email_keeps_the_wording_without_the_name_and_offers_to_erase_it(
    patient,
):
    path = ask(patient)
    html = press(patient, path, wording=False)
    assert "Your name and email have been erased." in html
    assert "We hold no name or email for this question." in html
    assert "Dunmore Heath" in html
    assert "Quarrington" not in html and "Philippa" not in html
    assert "Erase what I wrote" in html
    assert "You can erase what you wrote too." in html


def test_erasing_what_they_wrote_too_takes_the_wording_off_the_page_and_says_what_remains(
    patient,
):
    path = ask(patient)
    html = press(patient, path, wording=True)
    assert "Your name, your email and what you wrote have been erased." in html
    assert "Dunmore Heath" not in html and "Kesimpta" not in html
    assert "Erase what I wrote" not in html and "Erase my name and email" not in html
    assert "What remains is the version our moderators rewrote" in html
    # Nobody has rewritten it yet: the working copy held the patient's words.
    question = Question.objects.get()
    assert (question.title, question.body) == ("[erased]", "[erased]")
    submission = PatientSubmission.objects.get()
    assert (submission.name, submission.email, submission.original_text) == ("", "", "")
    # The acknowledgement, not sent yet, is not sent at all.
    assert not OutgoingEmail.objects.filter(to__iexact=EMAIL).exists()


def test_each_erase_button_asks_first_says_what_goes_and_erases_nothing_until_confirmed(
    patient,
):
    path = ask(patient)
    words = patient.post(path + "erase/", {"wording": "1"})
    assert words.status_code == 200
    assert "noindex" in words["X-Robots-Tag"] and "no-store" in words["Cache-Control"]
    html = words.content.decode()
    assert "<h1>Erase what you wrote?</h1>" in html
    assert "Your question as you wrote it will be erased, with your name and email." in html
    assert "nothing of it will be left to answer" in html
    assert "This cannot be undone." in html
    assert "Yes, erase what I wrote" in html
    assert f'href="{path}">No, keep it and go back</a>' in html
    assert "Dunmore Heath" not in html  # the page that asks does not show the words again

    contact = patient.post(path + "erase/").content.decode()
    assert "<h1>Erase your name and email?</h1>" in contact
    assert "We will then not be able to tell you when the answer is published." in contact
    assert "Yes, erase my name and email" in contact

    submission = PatientSubmission.objects.get()
    assert (submission.name, submission.email) == (NAME, EMAIL)
    assert "Dunmore Heath" in submission.original_text
    kept = patient.get(path).content.decode()
    assert "Dunmore Heath" in kept and "have been erased" not in kept


def test_a_button_pressed_again_from_an_old_tab_does_not_ask_to_erase_what_is_gone(patient):
    path = ask(patient)
    press(patient, path, wording=True)
    for data in ({"wording": "1"}, {}, {"wording": "1", "confirmed": "1"}):
        again = patient.post(path + "erase/", data)
        assert (again.status_code, again["Location"]) == (302, path), data


def test_the_page_that_asks_before_erasing_speaks_spanish_on_the_spanish_site(patient):
    path = ask(patient).replace("/ask/", "/es/ask/", 1)
    html = patient.post(path + "erase/", {"wording": "1"}).content.decode()
    assert '<html lang="es"' in html
    assert "<h1>¿Borrar lo que escribió?</h1>" in html
    assert "Esto no se puede deshacer." in html
    assert f'href="{path}">No, conservarlo y volver</a>' in html
    assert PatientSubmission.objects.get().original_text == WORDS


def test_an_erase_message_in_the_address_alone_claims_nothing(patient):
    path = ask(patient)
    for erased in ("1", "words"):
        html = patient.get(f"{path}?erased={erased}").content.decode()
        assert "have been erased" not in html
        assert "Dunmore Heath" in html


def test_an_answered_question_does_not_warn_that_the_answer_cannot_be_announced(patient):
    path = ask(patient)
    publish(Question.objects.get())
    html = patient.get(path).content.decode()
    assert CANNOT_TELL not in html
    assert (
        "We keep your name and email only in case we need to write to you about this "
        "question, and erase these details by ourselves within a few weeks." in html
    )
    assert "Erase my name and email" in html


def test_a_declined_question_does_not_warn_that_the_answer_cannot_be_announced(patient, moderator):
    path = ask(patient)
    decline(moderator)
    html = patient.get(path).content.decode()
    assert CANNOT_TELL not in html
    assert URGENT not in html


def test_a_question_still_waiting_says_that_erasing_means_no_email_about_the_answer(patient):
    html = patient.get(ask(patient)).content.decode()
    assert CANNOT_TELL in html


def test_a_declined_urgent_question_shows_the_emergency_numbers(patient, moderator):
    path = ask(patient, question="Since this morning I have trouble breathing. Is it my MS?")
    decline(moderator)
    html = patient.get(path).content.decode()
    assert URGENT in html
    assert "call 911" in html
    assert "We cannot answer this question here. If this is happening now" in html
    assert "an answer here can take several days" not in html
    # Still so once the patient has erased what they wrote.
    html = press(patient, path, wording=True)
    assert URGENT in html


def test_the_decline_note_loses_the_patients_name_when_they_erase_it(patient, moderator):
    path = ask(patient)
    decline(moderator, note="Dear Philippa, please ask your own neurologist.")
    press(patient, path, wording=False)
    html = patient.get(path).content.decode()
    assert "please ask your own neurologist" in html
    assert "Philippa" not in html
    assert re.search(r"Dear \[erased\]", html)


def test_erasing_a_short_name_from_a_subject_of_full_length_keeps_it_within_its_column(patient):
    # The form takes 150 characters; each "Ann" becomes the longer "[erased]".
    subject = "Ann and " * 18 + "Ann"
    path = ask(patient, name="Ann Bo", subject=subject)
    html = press(patient, path, wording=False)
    assert "Your name and email have been erased." in html
    title = Question.objects.get().title
    assert "Ann" not in title and len(title) <= 200


def test_erasing_the_wording_of_an_answer_waiting_for_sign_off_sends_it_back(
    patient, moderator, expert, colleague
):
    """The version sent held the patient's words; without them it is no longer
    the version sent, so it goes back to be sent again, and a colleague signs."""
    path = ask(patient, subject="Tired after infusions", question="Why am I tired after infusions?")
    question = Question.objects.get()
    services.question_assign(question_id=question.pk, actor=moderator, expert=expert.expert_profile)
    Question.objects.filter(pk=question.pk).update(answer_source="Rest helps.")
    question.refresh_from_db()
    question.save()
    services.question_submit_for_signoff(question_id=question.pk, actor=expert)
    press(patient, path, wording=True)
    question.refresh_from_db()
    assert question.status == Question.Status.ASSIGNED
    with pytest.raises(services.TransitionNotAllowed):
        services.question_sign_off(question_id=question.pk, actor=colleague)
    question.title, question.body = "Tiredness after infusions", "Why does tiredness follow?"
    services.question_save_draft(question=question, actor=moderator, fields=["title", "body"])
    services.question_submit_for_signoff(question_id=question.pk, actor=expert)
    services.question_sign_off(question_id=question.pk, actor=colleague)
