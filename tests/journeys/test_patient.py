"""A patient asks on a phone: makes mistakes, reads the urgency notice as they type,
puts the mistakes right, follows the private status link and erases their details."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.chromium import solve_the_sum
from tests.journeys.steps import status_path

SUBJECT = "Blurred sight in my right eye"
QUESTION = (
    "Since this morning I have a sudden loss of vision in one eye, and it hurts when I move "
    "it. I had optic neuritis once before. Should I wait for my appointment next month?"
)


def test_patient_asks_puts_mistakes_right_and_erases_their_details(person, site):
    patient = person(width=390)
    patient.goto("/ask/")
    page = patient.page
    notice = page.get_by_role("heading", name="If this is happening now, do not wait")
    expect(notice).to_be_hidden()

    page.get_by_label("Subject").fill(SUBJECT)
    page.get_by_label("Your question").fill(QUESTION)
    # Shown as the red-flag words are typed, before anything is sent.
    expect(notice).to_be_visible()
    page.get_by_label("Your first name (optional)").fill("Marguerite")
    page.get_by_label("Your email (optional)").fill("marguerite@patient.test")
    page.get_by_label("Email me when my answer is published").check()
    page.get_by_label("Answer to the sum").fill("0")  # a wrong answer, and no boxes ticked
    page.get_by_role("button", name="Send my question").click()

    patient.looks()
    summary = page.locator("#form-problem")
    expect(summary.get_by_role("heading")).to_have_text("Please check 3 things below")
    expect(summary.locator("li")).to_have_count(3)
    expect(page.locator(".captcha-error")).to_be_visible()
    expect(page.locator(".captcha-error")).to_contain_text("not the answer to the sum")
    expect(page.get_by_label("Subject")).to_have_value(SUBJECT)
    expect(page.get_by_label("Your question")).to_have_value(QUESTION)
    expect(page.get_by_label("Your email (optional)")).to_have_value("marguerite@patient.test")
    expect(notice).to_be_visible()

    page.get_by_label("I understand that the answer is general information").check()
    page.get_by_label("I agree that a version of my question").check()
    solve_the_sum(patient.page, patient.site.sum_answer)
    page.get_by_role("button", name="Send my question").click()
    page.wait_for_url(re.compile(r"/ask/thanks/[0-9a-f]{64}/$"))
    patient.looks()
    expect(page.get_by_role("heading", name="Thank you. Your question was sent.")).to_be_visible()
    expect(notice).to_be_visible()
    expect(page.get_by_text("Your question has reached our team")).to_be_visible()

    patient.goto(status_path(patient))
    expect(page.locator(".status-stage")).to_contain_text("Received")
    expect(page.get_by_text("I had optic neuritis once before")).to_be_visible()
    page.get_by_role("button", name="Erase my name and email").click()
    patient.looks()
    expect(page.get_by_role("heading", name="Erase your name and email?")).to_be_visible()
    page.get_by_role("button", name="Yes, erase my name and email").click()
    patient.looks()
    expect(page.get_by_text("Your name and email have been erased.")).to_be_visible()
    expect(page.get_by_role("button", name="Erase my name and email")).to_have_count(0)
    stored = site.query(
        "SELECT name, email FROM questions_patientsubmission WHERE original_subject = %s",
        (SUBJECT,),
    )
    assert stored == [("", "")]
