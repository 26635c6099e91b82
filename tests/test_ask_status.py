"""After sending: the thank-you page, the private status link, and a question stored once
however often the browser sends the same form."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from questions import services
from questions.models import PatientSubmission, Question
from tests.factories import (
    ASK_QUESTION,
    ASK_SUBJECT,
    ask_form_data,
    form_values,
    publish,
    solved_sum,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("ask_settings")]

STATUS_LINK = re.compile(r'<a href="(http://testserver/ask/status/([0-9a-f]{64})/)">\1</a>')


def send(client: Client, **changes) -> str:
    """Send a question from /ask/; the thank-you page's address."""
    response = client.post("/ask/", ask_form_data(client, **changes))
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def status_path(client: Client, thanks_url: str) -> str:
    """The private status link as the thank-you page shows it."""
    match = STATUS_LINK.search(client.get(thanks_url).content.decode())
    assert match, "the thank-you page shows the status link"
    return f"/ask/status/{match[2]}/"


# The thank-you page


def test_thank_you_page_gives_the_private_status_link_and_says_what_happens_now(patient):
    thanks = send(patient)
    response = patient.get(thanks)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Thank you. Your question was sent.</h1>" in html
    assert "Keep this link to see where your question stands." in html
    assert "do not share it" in html
    assert "What happens now" in html
    token = thanks.split("/")[-2]
    assert f'<a href="http://testserver/ask/status/{token}/">' in html


def test_thank_you_page_mentions_the_email_only_when_one_was_given(patient):
    without = patient.get(send(patient)).content.decode()
    assert "We also sent it to your email." not in without
    assert "and email you the link" not in without
    html = patient.get(send(patient, email="imogen@patient.test", notify="on")).content.decode()
    assert "We also sent it to your email." in html
    assert "and email you the link" in html


def test_private_pages_are_not_cached_indexed_or_referred(patient):
    thanks = send(patient)
    for url in (thanks, status_path(patient, thanks)):
        response = patient.get(url)
        assert "no-store" in response["Cache-Control"], url
        assert response["X-Robots-Tag"] == "noindex, nofollow", url
        # The token in the address is never sent to another site.
        assert response["Referrer-Policy"] == "same-origin", url
        assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()


# The status page


def test_status_page_shows_received_and_what_the_patient_wrote(patient):
    text = "Line one of my question about Ocrevus.\n\nLine two, after an empty line."
    path = status_path(patient, send(patient, subject="My Ocrevus question", question=text))
    response = patient.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Your question: Received" in html
    assert '<span class="visually-hidden">Status: </span>Received</p>' in html
    assert "A moderator will read it soon." in html
    assert '<h3 class="h5">My Ocrevus question</h3>' in html
    assert "<p>Line one of my question about Ocrevus.</p>" in html
    assert "<p>Line two, after an empty line.</p>" in html


def test_status_page_follows_the_question_through_review_answer_and_decline(
    patient, moderator, expert
):
    path = status_path(patient, send(patient))
    question = Question.objects.get()

    services.question_assign(
        question_id=question.pk,
        actor=moderator,
        expert=expert.expert_profile,
        note="Internal: asked by a nurse colleague too",
    )
    html = patient.get(path).content.decode()
    assert "<title>Your question: In review" in html
    assert "An MS clinician is working on your question." in html
    assert "Internal: asked by a nurse colleague too" not in html

    question.refresh_from_db()
    question.title = "Breastfeeding some months after an infusion"
    question.save()
    publish(question)
    html = patient.get(path).content.decode()
    assert "<title>Your question: Answered" in html
    assert f'<a href="{question.get_absolute_url()}">Read the answer</a>' in html
    # The page shows the patient's own words, not the edited public version.
    assert ASK_SUBJECT in html
    assert "Breastfeeding some months after an infusion" not in html


def test_status_page_of_a_declined_question_gives_the_reason(patient, moderator):
    path = status_path(patient, send(patient))
    services.question_reject(
        question_id=Question.objects.get().pk,
        actor=moderator,
        reason=Question.RejectReason.OUT_OF_SCOPE,
        note="We can only answer questions about MS.",
    )
    html = patient.get(path).content.decode()
    assert "<title>Your question: Declined" in html
    assert "We are sorry: we cannot answer this question here." in html
    assert "<strong>Reason:</strong> Out of scope for this service" in html
    assert "We can only answer questions about MS." in html


@pytest.mark.parametrize(
    ("status", "label"),
    [
        (Question.Status.AWAITING_SIGNOFF, "In review"),
        (Question.Status.SIGNED_OFF, "In review"),
        (Question.Status.WITHDRAWN, "In review"),
    ],
)
def test_status_page_calls_every_stage_between_received_and_answered_in_review(
    patient, status, label
):
    path = status_path(patient, send(patient))
    Question.objects.update(status=status)
    assert f"<title>Your question: {label}" in patient.get(path).content.decode()


def test_status_page_shows_only_its_own_question(patient):
    mine = status_path(patient, send(patient, subject="My own question here"))
    other = Client()
    send(other, subject="Someone else asks this")
    html = patient.get(mine).content.decode()
    assert "My own question here" in html
    assert "Someone else asks this" not in html


def test_patients_html_is_stored_as_typed_and_shown_escaped(patient):
    subject = "<b>Bold</b> & <i>it</i>"
    text = '<script>alert("hi")</script> Is <img src=x onerror=alert(1)> normal after Tysabri?'
    path = status_path(patient, send(patient, subject=subject, question=text))

    submission = PatientSubmission.objects.get()
    assert (submission.original_subject, submission.original_text) == (subject, text)
    html = patient.get(path).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>Bold" not in html
    assert "&lt;script&gt;alert(&quot;hi&quot;)&lt;/script&gt;" in html
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; &lt;i&gt;it&lt;/i&gt;" in html


def test_an_erased_submission_says_so_instead_of_showing_the_words(patient):
    from django.utils import timezone

    path = status_path(patient, send(patient))
    PatientSubmission.objects.update(erased_at=timezone.now(), original_text="", name="")
    html = patient.get(path).content.decode()
    assert "Your original wording and contact details have been erased" in html


# Tokens: unguessable, nothing enumerable


def test_status_token_is_64_hex_characters_and_differs_for_every_question(patient):
    tokens = {status_path(patient, send(patient)).split("/")[-2] for _ in range(3)}
    assert len(tokens) == 3
    assert all(re.fullmatch(r"[0-9a-f]{64}", token) for token in tokens)
    # Only a hash of the token is stored, so a copy of the database opens no page.
    stored = set(PatientSubmission.objects.values_list("status_token_hash", flat=True))
    assert not tokens & stored


def test_wrong_short_or_guessed_tokens_find_nothing(patient):
    token = status_path(patient, send(patient)).split("/")[-2]
    question = Question.objects.get()
    stored_hash = question.submission.status_token_hash
    wrong = [
        "0" * 64,
        token[:-1] + ("0" if token[-1] != "0" else "1"),
        token.upper(),
        token[:63],
        token + "0",
        token[:32],
        str(question.pk),
        "1",
        stored_hash,
        "%20" + token[3:],
    ]
    for guess in wrong:
        for page in ("status", "thanks"):
            assert patient.get(f"/ask/{page}/{guess}/").status_code == 404, (page, guess)
    assert patient.get(f"/ask/status/{token}/").status_code == 200


# One form, one question


def test_sending_the_same_form_twice_stores_one_question_and_shows_the_same_page(patient):
    data = ask_form_data(patient)
    first = patient.post("/ask/", data)
    second = patient.post("/ask/", data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Question.objects.count() == 1


def test_refreshing_after_sending_stores_one_question(patient):
    data = ask_form_data(patient)
    thanks = patient.post("/ask/", data)["Location"]
    # The thank-you page reloads as it is; a browser resending the post lands there too.
    assert patient.get(thanks).status_code == 200
    assert patient.get(thanks).content == patient.get(thanks).content
    assert patient.post("/ask/", data)["Location"] == thanks
    assert Question.objects.count() == 1


def test_going_back_and_sending_again_stores_one_question(patient):
    data = ask_form_data(patient, name="Imogen")
    thanks = patient.post("/ask/", data)["Location"]

    # Back to the form as the browser kept it: the same token, the used sum, the answer.
    again = patient.post("/ask/", {**data, "question": data["question"] + "\r\n"})
    assert again.status_code == 302 and again["Location"] == thanks
    assert Question.objects.count() == 1


def test_going_back_and_changing_the_question_says_it_was_already_sent(patient):
    data = ask_form_data(patient, name="Imogen")
    patient.post("/ask/", data)

    changed = data["question"] + " And may I also ask about vitamin D?"
    response = patient.post("/ask/", {**data, "question": changed})
    assert response.status_code == 200
    html = response.content.decode()
    assert "You already sent a question from this page" in html
    assert Question.objects.count() == 1
    shown = form_values(html)
    assert (shown["question"], shown["subject"], shown["name"]) == (
        changed,
        ASK_SUBJECT,
        "Imogen",
    )
    assert shown["form_token"] != data["form_token"]

    # If they do mean to ask a second question, the new form sends it.
    shown["captcha_1"] = solved_sum(shown["captcha_0"])
    assert patient.post("/ask/", shown).status_code == 302
    assert sorted(Question.objects.values_list("body", flat=True)) == sorted(
        [ASK_QUESTION, changed]
    )


def test_a_second_question_from_a_new_form_is_a_new_question(patient):
    first = send(patient)
    second = send(patient, subject="Heat and fatigue in summer")
    assert first != second
    assert Question.objects.count() == 2


def test_a_patient_erases_their_own_contact_details_from_the_status_page(patient):
    from questions.models import PatientSubmission

    status_url = status_path(patient, send(patient, name="Pat", email="pat@example.org"))
    page = patient.get(status_url).content.decode()
    assert "Erase my name and email" in page
    response = patient.post(status_url + "erase/", {"confirmed": "1"})
    assert response.status_code == 302
    page = patient.get(response["Location"]).content.decode()
    assert "Your name and email have been erased." in page
    submission = PatientSubmission.objects.get()
    assert (submission.name, submission.email, submission.notify) == ("", "", False)
    assert submission.original_text  # what they asked is still there for the clinicians
    assert patient.get(status_url + "erase/").status_code == 405
    assert patient.post("/ask/status/" + "0" * 64 + "/erase/").status_code == 404
