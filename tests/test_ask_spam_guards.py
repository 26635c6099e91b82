"""The question form's spam defences: honeypot, minimum time, rate limits and link limits."""

from __future__ import annotations

import re
import time
from types import SimpleNamespace

import pytest
from django.contrib.staticfiles import finders
from django.core import signing
from django.test import Client

import core.spam_guard
from questions.models import Question
from subscriptions.models import Subscription
from tests.ask_helpers import assert_shown_again_with_text_kept, page_text
from tests.factories import ASK_QUESTION, ask_form_data, form_values
from tests.forms import form_fields

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("ask_settings")]


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
    monkeypatch.setattr(core.spam_guard, "time", SimpleNamespace(time=lambda: six_seconds_later))
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


# A solved sum serves one post; the form's start time does not last for ever


def test_a_solved_sum_note_replayed_from_other_addresses_subscribes_only_once(settings):
    settings.SUBSCRIBE_RATE_LIMIT = "100/h"
    reader = Client(REMOTE_ADDR="198.51.100.1")
    first = {**form_fields(reader, "/subscribe/"), "email": "not an address", "frequency": "daily"}
    shown = form_values(page_text(reader.post("/subscribe/", first)), action="/subscribe/")
    assert shown["sum_solved"], "the mistake comes back without a second sum"

    statuses = []
    for n in range(6):
        robot = Client(REMOTE_ADDR=f"203.0.113.{n}")
        replay = {**shown, "email": f"victim{n}@example.org", "frequency": "daily"}
        statuses.append(robot.post("/subscribe/", replay).status_code)
    assert statuses == [302, 200, 200, 200, 200, 200]
    assert Subscription.objects.count() == 1


def test_a_replayed_note_asks_for_a_new_sum(patient):
    data = ask_form_data(patient, question="Is heat bad for MS?")
    note = form_values(page_text(patient.post("/ask/", data)))
    patient.post("/ask/", {**note, "question": "Too short"})  # uses the note, gets a new one

    response = patient.post("/ask/", {**note, "question": ASK_QUESTION})
    html = page_text(response)
    assert "This sum has expired or was already used. Please solve the new sum." in html
    assert "captcha_0" in form_values(html), "a new sum is shown"
    assert Question.objects.count() == 0


def test_a_solved_sum_note_lasts_thirty_minutes(patient, monkeypatch):
    data = ask_form_data(patient, question="Is heat bad for MS?")
    note = {**form_values(page_text(patient.post("/ask/", data))), "question": ASK_QUESTION}
    in_31_minutes = time.time() + 31 * 60
    monkeypatch.setattr(signing, "time", SimpleNamespace(time=lambda: in_31_minutes))

    html = page_text(patient.post("/ask/", note))
    assert "You solved the sum already." not in html
    assert "Please type the answer to the sum." in html
    assert Question.objects.count() == 0


def test_a_form_kept_longer_than_its_sum_lasts_is_out_of_date_and_comes_back_fresh(
    patient, settings, monkeypatch
):
    settings.ASK_MIN_SECONDS = 5
    data = ask_form_data(patient)
    later = time.time() + (settings.CAPTCHA_TIMEOUT + 1) * 60
    monkeypatch.setattr(signing, "time", SimpleNamespace(time=lambda: later))
    monkeypatch.setattr(core.spam_guard, "time", SimpleNamespace(time=lambda: later))

    response = patient.post("/ask/", data)
    assert "This form is out of date. Please send it again." in page_text(response)
    assert Question.objects.count() == 0
    # Sent again at once as it came back: a fresh start time, and the sum kept solved.
    again = form_values(page_text(response))
    assert again["started"] != data["started"]
    assert patient.post("/ask/", again).status_code == 302
    assert Question.objects.count() == 1


def test_asking_for_new_sums_is_limited_per_connection(settings):
    settings.CAPTCHA_REFRESH_RATE_LIMIT = "3/h"
    ajax = {"X-Requested-With": "XMLHttpRequest"}
    robot = Client(REMOTE_ADDR="203.0.113.9")
    statuses = [robot.get("/captcha/refresh/", headers=ajax).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    neighbour = Client(REMOTE_ADDR="203.0.113.10")
    assert neighbour.get("/captcha/refresh/", headers=ajax).status_code == 200
