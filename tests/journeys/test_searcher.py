"""Finding the answer: a reader searches with a misspelling and a brand name
and follows a drug section's link; a patient sees similar answers while
asking, with JavaScript and without it, and still sends; a moderator sees the
likely duplicates and declines one, and the patient's status page links it."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.chromium import solve_the_sum
from tests.journeys.steps import ask, open_question

SUBJECT = "Breastfeeding on Ocrevus"
QUESTION = (
    "My baby is due in the spring. Can I breastfeed while I am on Ocrevus, or must I "
    "stop my infusions while nursing?"
)


def test_a_reader_finds_answers_and_a_drug_section_despite_a_misspelling(person):
    reader = person(width=390)
    reader.goto("/")
    page = reader.page
    page.locator("#header-q").fill("ocrevis")
    page.locator("#header-q").press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=ocrevis"))
    reader.looks()
    expect(page.locator(".search-corrected")).to_contain_text("Showing results for")
    expect(page.locator(".search-corrected")).to_contain_text("ocrevus")
    expect(
        page.locator("#drug-results ~ .search-hit a[href^='/drugs/ocrelizumab/#']").first
    ).to_be_visible()

    reader.goto("/search/?q=ocrevus+breastfeeding")
    expect(page.locator(".search-excerpt mark").first).to_be_visible()
    page.get_by_role("link", name="Ocrelizumab: Pregnancy and breastfeeding").click()
    page.wait_for_url(re.compile(r"/drugs/ocrelizumab/#pregnancy$"))
    reader.looks()

    reader.goto("/search/?q=ocrevus+breastfeeding")
    page.locator("#qa-results ~ .search-hit a").first.click()
    reader.looks()
    related = page.locator(".related-questions li a")
    expect(related.first).to_be_visible()
    assert related.count() <= 5


def test_a_patient_sees_similar_answers_while_typing_and_still_sends(person):
    patient = person(width=390)
    patient.goto("/ask/")
    page = patient.page
    page.get_by_label("Subject").fill(SUBJECT)
    page.get_by_label("Your question").fill(QUESTION)
    region = page.locator("#similar-answers")
    expect(region).to_have_attribute("aria-live", "polite")
    expect(region).to_contain_text("These answers may already help")
    expect(region.locator("a").first).to_be_visible()
    patient.looks()
    page.get_by_label("I understand that the answer is general information").check()
    page.get_by_label("I agree that a version of my question").check()
    solve_the_sum(patient.page, patient.site.sum_answer)
    page.get_by_role("button", name="Send my question").click()
    page.wait_for_url(re.compile(r"/ask/thanks/[0-9a-f]{64}/$"))
    patient.looks()


def test_without_javascript_the_button_shows_the_answers_and_keeps_what_was_typed(person):
    patient = person(width=390, javascript=False)
    patient.goto("/ask/")
    page = patient.page
    page.get_by_label("Subject").fill(SUBJECT)
    page.get_by_label("Your question").fill(QUESTION)
    page.get_by_label("Your first name (optional)").fill("Wilma")
    page.get_by_role("button", name="Check for answers first").click()
    patient.looks()
    expect(page.locator("#similar-answers")).to_contain_text("These answers may already help")
    expect(page.get_by_label("Subject")).to_have_value(SUBJECT)
    expect(page.get_by_label("Your question")).to_have_value(QUESTION)
    expect(page.get_by_label("Your first name (optional)")).to_have_value("Wilma")
    page.get_by_label("I understand that the answer is general information").check()
    page.get_by_label("I agree that a version of my question").check()
    solve_the_sum(patient.page, patient.site.sum_answer)
    page.get_by_role("button", name="Send my question").click()
    page.wait_for_url(re.compile(r"/ask/thanks/[0-9a-f]{64}/$"))
    patient.looks()


def test_a_moderator_declines_a_duplicate_and_the_patient_is_led_to_the_answer(person):
    patient = person(width=390)
    status = ask(patient, subject="Nursing and Ocrevus", question=QUESTION)
    moderator = person()
    moderator.log_in("moderator")
    moderator.goto("/admin/questions/question/")
    open_question(moderator, "Nursing and Ocrevus")
    page = moderator.page
    suggestions = page.locator(".duplicate-suggestions")
    expect(suggestions).to_contain_text("Published Q&As most like this question")
    page.get_by_label("Reason for declining").select_option(
        label="Duplicate of an answered question"
    )
    first_choice = page.locator("fieldset.duplicate-choice input[type=radio]").first
    first_choice.check()
    chosen = page.locator(f"label[for='{first_choice.get_attribute('id')}']").inner_text()
    page.get_by_role("button", name="Decline", exact=True).click()
    # The same address again: wait for the new page before looking at it.
    expect(page.get_by_role("button", name="Confirm: decline")).to_be_visible()
    moderator.looks()
    page.get_by_role("button", name="Confirm: decline").click()
    expect(page.get_by_text("Done: decline.")).to_be_visible()
    moderator.looks()

    patient.goto(status)
    patient.page.get_by_role("link", name=chosen.strip()).click()
    patient.looks()
    expect(patient.page.locator("h1")).to_have_text(chosen.strip())
