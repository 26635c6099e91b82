"""A patient asks a question in a real browser, as a person would: by the labels they read."""

from __future__ import annotations

import re

import pytest

from questions import services
from questions.models import Question
from tests.chromium import assert_accessible
from tests.factories import CategoryFactory, solved_sum

QUESTION = (
    "I have had relapsing MS for six years and take Ocrevus. Can I have the shingles "
    "vaccine before my next infusion, or should I wait?"
)


@pytest.fixture
def ask_page(transactional_db, settings):
    settings.ASK_MIN_SECONDS = 0
    settings.ASK_RATE_LIMIT = "1000/h"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return CategoryFactory(name="Vaccines", slug="vaccines")


def fill_in(page, *, question: str = QUESTION, acknowledge: bool = True) -> None:
    page.get_by_label("Subject").fill("Shingles vaccine and Ocrevus")
    page.get_by_label("Your question").fill(question)
    page.get_by_label("Topic (optional)").select_option(label="Vaccines")
    page.get_by_label("Your first name (optional)").fill("Imogen")
    page.get_by_label("Your email (optional)").fill("imogen@patient.test")
    page.get_by_label("Email me when my answer is published").check()
    if acknowledge:
        page.get_by_label("I understand that the answer is general information").check()
        page.get_by_label("I agree that a version of my question").check()


def solve_the_sum(page) -> None:
    key = page.locator("input[name=captcha_0]").input_value()
    page.get_by_label("Answer to the sum").fill(solved_sum(key))


def test_patient_asks_a_question_and_follows_the_status_link(page, ask_page):
    page.goto("/ask/")
    assert page.get_by_role("heading", name="Ask an MS expert").is_visible()
    assert page.get_by_role("heading", name="What is public, and what is not").is_visible()
    honeypot = page.get_by_label("Leave this field empty").bounding_box()
    assert honeypot["x"] + honeypot["width"] <= 0, "the robots' field is off screen"
    assert_accessible(page)

    fill_in(page)
    solve_the_sum(page)
    page.get_by_role("button", name="Send my question").click()

    page.wait_for_url(re.compile(r"/ask/thanks/[0-9a-f]{64}/$"))
    assert page.get_by_role("heading", name="Thank you. Your question was sent.").is_visible()
    assert_accessible(page)
    question = Question.objects.get()
    assert (question.title, question.body, question.category.name) == (
        "Shingles vaccine and Ocrevus",
        QUESTION,
        "Vaccines",
    )

    link = page.locator(".status-link a")
    assert re.search(r"/ask/status/[0-9a-f]{64}/$", link.inner_text())
    link.click()
    page.wait_for_url(re.compile(r"/ask/status/[0-9a-f]{64}/$"))
    assert page.get_by_role("heading", name="Your question", exact=True).is_visible()
    assert page.locator(".status-stage").inner_text().endswith("Received")
    assert page.get_by_text("Can I have the shingles vaccine").is_visible()
    assert_accessible(page)


def test_mistakes_are_listed_in_focus_the_text_is_kept_and_the_page_stays_accessible(
    page, ask_page
):
    page.goto("/ask/")
    urgent = "Since this morning I have trouble swallowing and my left arm feels weak."
    fill_in(page, question=urgent, acknowledge=False)
    solve_the_sum(page)
    page.get_by_role("button", name="Send my question").click()

    problem = page.locator("#form-problem")
    problem.wait_for()
    assert "Please check 2 things below" in problem.inner_text()
    assert page.evaluate("document.activeElement.id") == "form-problem"
    assert page.get_by_role("heading", name="If this is happening now").is_visible()
    assert page.get_by_label("Your question").input_value() == urgent
    assert page.get_by_label("Your first name (optional)").input_value() == "Imogen"
    assert page.get_by_label("Email me when my answer is published").is_checked()
    assert page.get_by_label("Answer to the sum").input_value() == ""
    assert Question.objects.count() == 0
    assert_accessible(page)

    # Following an error's link leads to its field.
    page.get_by_role("link", name=re.compile("^I agree that a version")).click()
    page.get_by_label("I agree that a version of my question").check()
    page.get_by_label("I understand that the answer is general information").check()
    solve_the_sum(page)
    page.get_by_role("button", name="Send my question").click()
    page.wait_for_url(re.compile(r"/ask/thanks/"))
    assert page.get_by_role("heading", name="If this is happening now").is_visible()
    assert Question.objects.count() == 1


def test_a_new_sum_comes_without_leaving_the_page_and_can_be_used(page, ask_page):
    page.goto("/ask/")
    fill_in(page)
    key = page.locator("input[name=captcha_0]")
    old_key = key.input_value()
    page.evaluate("window.notReloaded = true")

    page.get_by_role("button", name="Show a different sum").click()
    page.wait_for_function(
        "old => document.querySelector('input[name=captcha_0]').value !== old", arg=old_key
    )
    new_key = key.input_value()
    assert new_key and new_key != old_key
    assert page.evaluate("window.notReloaded") is True, "the page was not reloaded"
    assert page.locator("img.captcha-image").get_attribute("src") == f"/captcha/image/{new_key}/"
    audio = page.get_by_role("link", name="Listen to the sum instead (audio)")
    assert audio.get_attribute("href") == f"/captcha/audio/{new_key}.wav"
    assert page.evaluate("document.activeElement.name") == "captcha_1"
    assert page.get_by_label("Your question").input_value() == QUESTION

    solve_the_sum(page)
    page.get_by_role("button", name="Send my question").click()
    page.wait_for_url(re.compile(r"/ask/thanks/"))
    assert Question.objects.count() == 1


def test_the_emergency_notice_appears_politely_as_the_patient_types(page, ask_page):
    from playwright.sync_api import expect

    page.goto("/ask/")
    notice = page.get_by_role("heading", name="If this is happening now")
    expect(notice).to_be_hidden()
    live = page.locator("[aria-live=polite]").filter(has=page.locator(".urgent-notice"))
    expect(live).to_have_count(1)

    question = page.get_by_label("Your question")
    question.press_sequentially("Since this morning I have had a sudden loss of vision in one eye")
    expect(notice).to_be_visible()
    assert "/ask/" in page.url and Question.objects.count() == 0, "nothing was sent"

    question.fill("Can I take the shingles vaccine on Ocrevus?")
    expect(notice).to_be_hidden()
    page.get_by_label("Subject").fill("I can’t breathe well at night")  # a phone's apostrophe
    expect(notice).to_be_visible()


def test_a_wrong_answer_to_the_sum_is_said_in_words_beside_the_sum(page, ask_page):
    from playwright.sync_api import expect

    page.goto("/ask/")
    fill_in(page)
    page.get_by_label("Answer to the sum").fill("999")
    page.get_by_role("button", name="Send my question").click()

    beside_the_sum = page.locator("#div_id_captcha").get_by_text(
        "That is not the answer to the sum. Please try the new sum below."
    )
    expect(beside_the_sum).to_be_visible()
    assert Question.objects.count() == 0


def test_patient_erases_their_name_and_email_from_the_status_page(page, ask_page):
    _question, token = services.question_submit(
        subject="Shingles vaccine and Ocrevus",
        text=QUESTION,
        category=None,
        name="Imogen",
        email="imogen@patient.test",
        notify=True,
        client_address="203.0.113.9",
        form_token="erase-in-browser",
    )
    page.goto(f"/ask/status/{token}/")
    page.get_by_role("button", name="Erase my name and email").click()

    assert page.get_by_text("Your name and email have been erased.").is_visible()
    submission = Question.objects.get().submission
    assert (submission.name, submission.email) == ("", "")
