"""The question form at /ask/: what a patient reads, the sum, the spam defences, and every
way of getting it wrong, each answered on the same form with what was typed kept."""

from __future__ import annotations

import datetime
import io
import re
import subprocess
import time
import wave
from types import SimpleNamespace

import pytest
from captcha.models import CaptchaStore
from django.conf import settings as django_settings
from django.contrib.staticfiles import finders
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

import questions.forms
from questions.models import Question
from tests.factories import ASK_QUESTION, CategoryFactory, ask_form_data, form_values, solved_sum

pytestmark = pytest.mark.django_db

THANKS = re.compile(r"^/ask/thanks/[0-9a-f]{64}/$")
URGENT = "If this is happening now, do not wait for an answer here"
# The question form carries the notice hidden, for its script to show as the patient types.
SHOWN_NOTICE = re.compile(r'<section class="urgent-notice"(?! hidden)')


@pytest.fixture(autouse=True)
def _ask_settings(settings):
    settings.ASK_MIN_SECONDS = 0
    settings.ASK_RATE_LIMIT = "1000/h"
    settings.ASK_MAX_LINKS = 3
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def page_text(response) -> str:
    return response.content.decode()


def assert_shown_again_with_text_kept(response, sent: dict, *, except_fields=()) -> dict:
    """The form came back (no redirect) with everything typed still in it, and with a
    fresh sum, or without one when the sum sent was solved right."""
    assert response.status_code == 200
    shown = form_values(page_text(response))
    for field in ("subject", "question", "name", "email", "category", "notify"):
        if field in sent and field not in except_fields:
            assert shown.get(field) == sent[field], field
    for box in ("ack_not_advice", "ack_publish"):
        if box not in except_fields:
            assert (box in shown) == (box in sent), box
    if shown.get("sum_solved"):
        assert "captcha_0" not in shown and "captcha_1" not in shown, "no second sum asked"
    else:
        assert shown["captcha_0"] != sent.get("captcha_0"), "a new sum is shown"
        assert shown.get("captcha_1", "") == "", "the old answer is not kept"
    return shown


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


# The sum (captcha)


def test_the_sum_is_a_picture_with_an_audio_version(patient):
    html = page_text(patient.get("/ask/"))
    key = form_values(html)["captcha_0"]
    assert f'<img src="/captcha/image/{key}/"' in html
    assert f'<a class="captcha-audio" href="/captcha/audio/{key}.wav">' in html
    assert "Listen to the sum instead (audio)" in html
    image = patient.get(f"/captcha/image/{key}/")
    assert image.status_code == 200 and image["Content-Type"] == "image/png"


def test_the_help_for_the_sum_never_asks_to_show_the_question_to_anyone(patient):
    html = page_text(patient.get("/ask/"))
    assert "ask someone you trust to read you <strong>only the sum</strong>" in html
    assert "they do not need to see your question" in html
    assert "ask someone you trust to help" not in html


def test_without_a_clinic_phone_or_email_the_site_promises_no_call_or_email(patient, settings):
    settings.CLINIC_PHONE = settings.CLINIC_EMAIL = ""
    html = page_text(patient.get("/ask/"))
    assert "they do not need to see your question" in html
    assert "the clinic" not in html
    assert "tel:" not in html and "mailto:" not in html


def test_the_clinic_phone_and_email_are_offered_beside_the_sum_and_in_the_footer(patient, settings):
    settings.CLINIC_PHONE = "+1 (555) 010-0199"
    settings.CLINIC_EMAIL = "help@ms.example.org"
    html = page_text(patient.get("/ask/"))
    assert (
        "Or a person at the clinic will help you send it: "
        'call <a href="tel:+15550100199">+1 (555) 010-0199</a> or email '
        '<a href="mailto:help@ms.example.org">help@ms.example.org</a>.' in html
    )
    footer = html[html.index('<footer class="site-footer">') :]
    assert 'call <a href="tel:+15550100199">+1 (555) 010-0199</a>' in footer
    assert 'email <a href="mailto:help@ms.example.org">help@ms.example.org</a>' in footer

    settings.CLINIC_EMAIL = ""
    html = page_text(patient.get("/ask/"))
    assert 'send it: call <a href="tel:+15550100199">+1 (555) 010-0199</a>.' in html
    assert "mailto:" not in html


def recorded(word: str) -> bytes:
    with wave.open(
        str(django_settings.BASE_DIR / "static/audio/captcha" / f"{word}.wav"), "rb"
    ) as clip:
        return clip.readframes(clip.getnframes())


def test_the_audio_sum_is_spoken_from_recorded_clips_without_starting_a_program(
    patient, monkeypatch
):
    def no_programs(*args, **kwargs):
        raise AssertionError("the audio sum started a program")

    monkeypatch.setattr(subprocess, "run", no_programs)
    monkeypatch.setattr(subprocess, "Popen", no_programs)
    key = form_values(page_text(patient.get("/ask/")))["captcha_0"]
    left, right = CaptchaStore.objects.get(hashkey=key).challenge.rstrip("=").split("+")

    response = patient.get(f"/captcha/audio/{key}.wav")
    assert response.status_code == 200
    assert response["Content-Type"] == "audio/wav"
    assert response["Cache-Control"] == "no-store"
    with wave.open(io.BytesIO(response.content), "rb") as sound:
        frames = sound.readframes(sound.getnframes())
        seconds = sound.getnframes() / sound.getframerate()
    # "What is 4 plus 7? Again: 4 plus 7.": eight parts, each under a second.
    assert 4 < seconds < 12, seconds
    assert frames.count(recorded("what-is")) == 1
    assert frames.count(recorded("again")) == 1
    assert frames.count(recorded("plus")) == 2
    assert frames.count(recorded(left)) >= 2 and frames.count(recorded(right)) >= 2


def test_a_new_sum_comes_without_reloading_the_page(patient):
    # What the "Show a different sum" button fetches when JavaScript runs.
    data = ask_form_data(patient)
    response = patient.get("/captcha/refresh/", headers={"X-Requested-With": "XMLHttpRequest"})
    assert response.status_code == 200
    fresh = response.json()
    assert fresh["key"] != data["captcha_0"]
    assert fresh["image_url"] == f"/captcha/image/{fresh['key']}/"

    data.update(captcha_0=fresh["key"], captcha_1=solved_sum(fresh["key"]))
    assert patient.post("/ask/", data).status_code == 302
    assert Question.objects.count() == 1


def test_without_javascript_a_new_sum_gives_the_form_back_with_everything_kept(patient):
    category = CategoryFactory(name="Symptoms", slug="symptoms")
    data = ask_form_data(
        patient,
        category=str(category.pk),
        name="Imogen",
        email="imogen@patient.test",
        notify="on",
        captcha_1="",
        new_captcha="1",
    )
    response = patient.post("/ask/", data)

    shown = assert_shown_again_with_text_kept(response, data)
    html = page_text(response)
    assert "Please check" not in html and "This field is required" not in html
    assert CaptchaStore.objects.filter(hashkey=shown["captcha_0"]).exists()
    assert Question.objects.count() == 0

    # The form that came back can be sent with the new sum.
    shown["captcha_1"] = solved_sum(shown["captcha_0"])
    assert patient.post("/ask/", shown).status_code == 302
    assert Question.objects.get().submission.name == "Imogen"


def test_a_wrong_answer_is_explained_and_a_new_sum_shown_with_the_text_kept(patient):
    data = ask_form_data(patient, name="Imogen")
    data["captcha_1"] = str(int(data["captcha_1"]) + 1)
    response = patient.post("/ask/", data)

    assert_shown_again_with_text_kept(response, data)
    assert "That is not the answer to the sum. Please try the new sum above." in page_text(response)
    assert Question.objects.count() == 0


def test_a_wrong_answer_uses_up_the_sum(patient):
    data = ask_form_data(patient)
    right = data["captcha_1"]
    patient.post("/ask/", {**data, "captcha_1": str(int(right) + 1)})
    response = patient.post("/ask/", data)
    assert "This sum has expired or was already used" in page_text(response)
    assert Question.objects.count() == 0


def test_an_expired_sum_is_explained_and_a_new_sum_shown_with_the_text_kept(patient):
    data = ask_form_data(patient)
    CaptchaStore.objects.filter(hashkey=data["captcha_0"]).update(
        expiration=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = patient.post("/ask/", data)

    assert_shown_again_with_text_kept(response, data)
    assert "This sum has expired or was already used. Please solve the new sum above." in (
        page_text(response)
    )
    assert Question.objects.count() == 0


def test_a_solved_sum_is_accepted_only_once(patient):
    first = ask_form_data(patient)
    assert patient.post("/ask/", first).status_code == 302

    # A second question, from a new form, replaying the first one's solved sum.
    second = ask_form_data(patient, subject="Vitamin D and relapses")
    second.update(captcha_0=first["captcha_0"], captcha_1=first["captcha_1"])
    response = patient.post("/ask/", second)
    assert "This sum has expired or was already used" in page_text(response)
    assert Question.objects.count() == 1


def test_a_sum_solved_right_is_kept_while_another_mistake_is_put_right(patient):
    data = ask_form_data(patient, question="Is heat bad for MS?")
    response = patient.post("/ask/", data)

    shown = assert_shown_again_with_text_kept(response, data)
    html = page_text(response)
    assert "You solved the sum already." in html
    assert "Nothing you typed is lost." in html
    assert not CaptchaStore.objects.filter(hashkey=data["captcha_0"]).exists()

    shown["question"] = ASK_QUESTION
    assert patient.post("/ask/", shown).status_code == 302
    assert Question.objects.get().body == ASK_QUESTION

    # The same form once more, with other words: not a second question.
    shown["question"] = ASK_QUESTION + " And what about vitamin D?"
    response = patient.post("/ask/", shown)
    assert "You already sent a question from this page" in page_text(response)
    assert Question.objects.count() == 1


def test_a_solved_sum_note_for_another_form_or_forged_is_refused(patient):
    first = ask_form_data(patient, question="Is heat bad for MS?")
    note = form_values(page_text(patient.post("/ask/", first)))["sum_solved"]
    assert note

    # The note of the first form, on a second form without a sum of its own.
    second = ask_form_data(patient, subject="Vitamin D and relapses", captcha_1="")
    for forged in (note, "forged", note[:-2] + "xx"):
        response = patient.post("/ask/", {**second, "sum_solved": forged})
        html = page_text(response)
        assert "Please type the answer to the sum." in html
        assert "You solved the sum already." not in html
    assert Question.objects.count() == 0


def test_an_unknown_sum_is_refused(patient):
    data = ask_form_data(patient, captcha_0="f" * 40)
    response = patient.post("/ask/", data)
    assert "This sum has expired or was already used" in page_text(response)
    assert Question.objects.count() == 0


# Spam defences


def test_honeypot_field_is_hidden_by_a_css_class_not_an_inline_style(patient):
    html = page_text(patient.get("/ask/"))
    assert re.search(
        r'<div\s+class="hp-field"\s+aria-hidden="true">\s*<div id="div_id_website"', html
    )
    assert 'name="website" autocomplete="off" tabindex="-1"' in html
    assert "style=" not in html
    with open(finders.find("css/site.css")) as css:
        rule = re.search(r"\.hp-field\s*{([^}]*)}", css.read())
    assert rule and "position: absolute" in rule[1] and "left: -10000px" in rule[1]


def test_a_filled_honeypot_is_refused_and_nothing_is_stored(patient):
    data = ask_form_data(patient, website="https://cheap-pills.example")
    response = patient.post("/ask/", data)
    assert_shown_again_with_text_kept(response, data)
    assert "Please leave this field empty." in page_text(response)
    assert Question.objects.count() == 0


def test_a_form_sent_faster_than_a_person_can_type_is_refused_with_the_text_kept(patient, settings):
    settings.ASK_MIN_SECONDS = 5
    data = ask_form_data(patient)
    response = patient.post("/ask/", data)
    assert_shown_again_with_text_kept(response, data)
    assert "That was very fast. Please check your text, then send it again." in page_text(response)
    assert Question.objects.count() == 0


def test_a_form_sent_after_the_minimum_time_is_accepted(patient, settings, monkeypatch):
    settings.ASK_MIN_SECONDS = 5
    data = ask_form_data(patient)
    six_seconds_later = time.time() + 6
    monkeypatch.setattr(questions.forms, "time", SimpleNamespace(time=lambda: six_seconds_later))
    assert patient.post("/ask/", data).status_code == 302


@pytest.mark.parametrize("started", ["", "12345", "MTc5:forged:signature"])
def test_a_missing_or_forged_start_time_is_refused(patient, started):
    data = ask_form_data(patient, started=started)
    response = patient.post("/ask/", data)
    assert response.status_code == 200
    html = page_text(response)
    assert "This form is out of date. Please send it again." in html
    assert Question.objects.count() == 0


def test_too_many_questions_from_one_connection_get_a_friendly_429_that_keeps_the_text(
    settings,
):
    settings.ASK_RATE_LIMIT = "2/d"
    patient = Client(REMOTE_ADDR="198.51.100.7")
    for subject in ("First question", "Second question"):
        assert patient.post("/ask/", ask_form_data(patient, subject=subject)).status_code == 302

    third = ask_form_data(patient, subject="Third question", name="Imogen")
    response = patient.post("/ask/", third)
    assert response.status_code == 429
    html = page_text(response)
    assert "Please wait a while" in html
    assert "You have sent 2 questions from your connection in the last day" in html
    assert "wrong answers" not in html
    assert "Your text is still here below" in html
    shown = form_values(html)
    assert (shown["subject"], shown["question"], shown["name"]) == (
        "Third question",
        ASK_QUESTION,
        "Imogen",
    )
    assert Question.objects.count() == 2

    # Someone else, on another connection, is not held up.
    neighbour = Client(REMOTE_ADDR="198.51.100.8")
    assert neighbour.post("/ask/", ask_form_data(neighbour)).status_code == 302


def test_a_patient_putting_mistakes_right_is_not_held_up_by_the_rate_limit(patient, settings):
    settings.ASK_RATE_LIMIT = "2/d"
    for mistake in ({"ack_publish": None}, {"question": "Too short"}, {"email": "nope"}):
        assert patient.post("/ask/", ask_form_data(patient, **mistake)).status_code == 200
    assert patient.post("/ask/", ask_form_data(patient)).status_code == 302


def wrong_sum(data: dict[str, str]) -> dict[str, str]:
    return {**data, "captcha_1": str(int(data["captcha_1"]) + 1)}


def test_a_patient_with_four_wrong_sums_after_one_question_can_still_send(patient, settings):
    settings.ASK_RATE_LIMIT = "5/h"
    settings.ASK_WRONG_SUM_RATE_LIMIT = "20/h"
    assert patient.post("/ask/", ask_form_data(patient, subject="First one")).status_code == 302
    for _ in range(4):
        response = patient.post("/ask/", wrong_sum(ask_form_data(patient, subject="Second one")))
        assert "That is not the answer" in page_text(response)
    assert patient.post("/ask/", ask_form_data(patient, subject="Second one")).status_code == 302
    assert Question.objects.count() == 2


def test_guessing_the_sum_too_often_is_refused_with_words_about_the_sum(patient, settings):
    settings.ASK_RATE_LIMIT = "1000/h"
    settings.ASK_WRONG_SUM_RATE_LIMIT = "2/d"
    for _ in range(2):
        response = patient.post("/ask/", wrong_sum(ask_form_data(patient)))
        assert "That is not the answer" in page_text(response)
    data = wrong_sum(ask_form_data(patient, name="Imogen"))
    response = patient.post("/ask/", data)
    assert response.status_code == 429
    html = page_text(response)
    assert "Too many wrong answers to the sum came from your connection in the last day" in html
    assert form_values(html)["name"] == "Imogen"
    # A right answer from the same connection waits too: the robot's guesses stop here.
    assert patient.post("/ask/", ask_form_data(patient)).status_code == 429
    assert Question.objects.count() == 0


def test_a_question_with_too_many_links_is_refused_with_the_text_kept(patient, settings):
    settings.ASK_MAX_LINKS = 2
    text = (
        "Are these sites right about Ocrevus? https://one.example/a "
        "http://two.example/b and www.three.example"
    )
    data = ask_form_data(patient, question=text)
    response = patient.post("/ask/", data)
    assert_shown_again_with_text_kept(response, data)
    assert "Please include at most 2 web links." in page_text(response)
    assert Question.objects.count() == 0


def test_a_question_with_a_few_links_is_accepted(patient, settings):
    settings.ASK_MAX_LINKS = 2
    text = "Is this page about Ocrevus right? https://one.example/a and https://two.example/b"
    assert patient.post("/ask/", ask_form_data(patient, question=text)).status_code == 302


# Bad input: every error on the same form, everything typed kept


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"subject": ""}, "Please write a short subject."),
        ({"subject": "    "}, "Please write a short subject."),
        ({"subject": None}, "Please write a short subject."),
        ({"question": ""}, "Please write your question."),
        ({"question": " \n\t \r\n "}, "Please write your question."),
        (
            {"question": "Is heat bad for MS?"},
            "Your question is too short. Please write at least 30 characters; so far there are 19.",
        ),
        (
            {"question": "x" * 4001},
            "Your question is too long. Please keep it to 4000 characters; it has 4001 now.",
        ),
        (
            {"subject": "s" * 151},
            "The subject is too long. Please keep it to 150 characters; it has 151 now.",
        ),
        (
            {"email": "imogen-at-patient"},
            "This does not look like an email address.",
        ),
        (
            {"notify": "on", "email": ""},
            "To be emailed when the answer is published, give your email.",
        ),
        ({"ack_not_advice": None}, "Please confirm that you understand this."),
        ({"ack_publish": None}, "Please agree to this, or we cannot answer here."),
        ({"category": "999999"}, "Please choose a topic from the list"),
        ({"captcha_1": ""}, "Please type the answer to the sum."),
    ],
)
def test_every_error_is_shown_on_the_same_form_with_everything_typed_kept(patient, changes, error):
    data = ask_form_data(patient, **{"name": "Imogen", "email": "imogen@patient.test", **changes})
    response = patient.post("/ask/", data)

    # A question of nothing but spaces comes back empty: nothing was lost.
    blank = ("question",) if data.get("question", "x").isspace() else ()
    assert_shown_again_with_text_kept(response, data, except_fields=("category", *blank))
    html = page_text(response)
    assert "<title>Error: Ask an MS expert" in html
    assert "Please check 1 thing below" in html
    assert "Nothing you typed is lost." in html
    assert error in html
    assert Question.objects.count() == 0


def test_paragraphs_and_spacing_of_the_question_are_kept_when_it_comes_back(patient):
    text = "First paragraph.\r\n\r\n\r\n  Second paragraph,   indented.\r\n\r\n- a list\r\n- of"
    data = ask_form_data(patient, question=text, ack_publish=None)
    response = patient.post("/ask/", data)
    assert form_values(page_text(response))["question"] == text


def test_several_errors_are_listed_together_with_links_to_the_fields(patient):
    data = ask_form_data(patient, subject="", ack_publish=None, email="nope")
    html = page_text(patient.post("/ask/", data))
    assert "Please check 3 things below" in html
    assert '<a href="#id_subject">Please write a short subject.</a>' in html
    assert '<a href="#id_email">This does not look like an email address.' in html
    assert (
        '<a href="#id_ack_publish">Agreeing to publication</a>: '
        "Please agree to this, or we cannot answer here." in html
    )


def test_the_summary_counts_every_problem_it_lists_in_plain_words(patient):
    data = ask_form_data(
        patient,
        subject="ab",
        question="Too short",
        email="nope",
        notify="on",
        ack_not_advice=None,
        ack_publish=None,
        started="forged",
        form_token="forged",
    )
    data["captcha_1"] = ""
    html = page_text(patient.post("/ask/", data))
    summary = html[
        html.index('id="form-problem"') : html.index("</ul>", html.index('id="form-problem"'))
    ]
    listed = re.findall(r"<li>(.*?)</li>", summary, re.DOTALL)
    assert [re.sub(r"<[^>]+>", "", item).strip() for item in listed] == [
        "The subject is too short. Please write at least 5 characters; so far there are 2.",
        "Your question is too short. Please write at least 30 characters; so far there are 9.",
        "This does not look like an email address. Please check it "
        "(it should look like name@example.org), or leave it empty.",
        "Understanding this is not medical advice: Please confirm that you understand this.",
        "Agreeing to publication: Please agree to this, or we cannot answer here.",
        "Please type the answer to the sum.",
        "This form is out of date. Please send it again.",
    ]
    assert "Please check 7 things below" in summary
    for internal in ("Started", "Form token", "form_token", "Ensure this value", "Enter a valid"):
        assert internal not in summary


def test_html_typed_by_a_patient_is_shown_escaped_on_the_form(patient):
    script = '<script>alert("hi")</script> <b>bold</b> & <img src=x onerror=alert(1)>'
    data = ask_form_data(patient, subject=script[:40], question=script, ack_publish=None)
    html = page_text(patient.post("/ask/", data))
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;hi&quot;)&lt;/script&gt;" in html
    assert form_values(html)["question"] == script


# The urgency notice

RED_FLAGS = [
    "This morning I had a sudden loss of vision in my left eye. Is this a relapse?",
    "Since yesterday I have trouble breathing and trouble swallowing after my infusion.",
    "I keep having thoughts of self-harm since my diagnosis and I do not know who to tell.",
    "I can’t breathe properly when I lie down, is that MS? My phone types these quotes.",
    "I have trouble\nswallowing my pills since last week. Could it be my MS?",
]


@pytest.mark.parametrize("text", RED_FLAGS)
def test_red_flag_symptoms_get_a_prominent_notice_and_the_question_is_still_sent(patient, text):
    response = patient.post("/ask/", ask_form_data(patient, question=text))
    assert response.status_code == 302
    assert Question.objects.count() == 1
    html = page_text(patient.get(response["Location"]))
    assert URGENT in html
    assert "call 911" in html and "988" in html
    assert html.index(URGENT) < html.index("Your private link"), "the notice comes first"


def test_red_flag_symptoms_get_the_notice_on_the_form_shown_again_with_errors(patient):
    data = ask_form_data(patient, question=RED_FLAGS[0], ack_publish=None)
    response = patient.post("/ask/", data)
    html = page_text(response)
    assert SHOWN_NOTICE.search(html)
    assert "Please agree to this" in html
    assert html.index(URGENT) < html.index('class="ask-form"')


def test_a_red_flag_in_the_subject_alone_also_gets_the_notice(patient):
    data = ask_form_data(patient, subject="Suddenly I can't see well")
    response = patient.post("/ask/", data)
    assert URGENT in page_text(patient.get(response["Location"]))


@pytest.mark.parametrize(
    "text",
    [
        ASK_QUESTION,
        "I have relapsing MS and take Ocrevus. Can I get the flu vaccine before my infusion?",
        "Does heat make MS fatigue worse? I feel drained every afternoon in summer.",
    ],
)
def test_ordinary_questions_get_no_urgency_notice(patient, text):
    assert not SHOWN_NOTICE.search(page_text(patient.get("/ask/")))
    response = patient.post("/ask/", ask_form_data(patient, question=text))
    assert URGENT not in page_text(patient.get(response["Location"]))
    response = patient.post("/ask/", ask_form_data(patient, question=text, ack_publish=None))
    assert not SHOWN_NOTICE.search(page_text(response))


# No input gives a server error

FIELDS = [
    "subject",
    "question",
    "category",
    "name",
    "email",
    "notify",
    "ack_not_advice",
    "ack_publish",
    "website",
    "started",
    "form_token",
    "captcha_0",
    "captcha_1",
    "new_captcha",
]
ANY_TEXT = st.one_of(
    st.text(max_size=200),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=20).map(lambda s: s * 300),
    st.sampled_from(["\x00", "a\x00b", "1", "-1", "99999999999999999999999", "on", " ", ""]),
)


@hypothesis_settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_input_gives_a_server_error(data):
    patient = Client()
    valid = ask_form_data(patient)
    posted = {}
    for field in FIELDS:
        choice = data.draw(st.sampled_from(["valid", "fuzz", "missing"]), label=field)
        if choice == "valid" and field in valid:
            posted[field] = valid[field]
        elif choice == "fuzz":
            posted[field] = data.draw(ANY_TEXT, label=field)
    response = patient.post("/ask/", posted)
    assert response.status_code < 500
