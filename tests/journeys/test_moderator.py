"""A moderator triages: the urgent question first, de-identified with the marks'
help and assigned; a duplicate declined after a confirmation, reopened, declined
again; the patient follows the link from their status page to the answer."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.journeys.steps import ask, open_question, text_of

URGENT_SUBJECT = "Rosalind: numb legs since this morning"
URGENT_QUESTION = (
    "I am Rosalind from Eastbourne. Since this morning my legs are numb and I have trouble "
    "swallowing. My neurologist is away. Is this a relapse, and what should I do?"
)
DUPLICATE_SUBJECT = "Ocrevus and breastfeeding"
DUPLICATE_QUESTION = (
    "My daughter is three months old. Can I breastfeed her while I am on Ocrevus, or do I "
    "have to stop until my next infusion?"
)


def test_moderator_triages_the_urgent_one_first_and_declines_a_duplicate(person, site):
    patient = person(width=390)
    urgent_status = ask(patient, subject=URGENT_SUBJECT, question=URGENT_QUESTION, name="Rosalind")
    other = person(width=390)
    duplicate_status = ask(
        other,
        subject=DUPLICATE_SUBJECT,
        question=DUPLICATE_QUESTION,
        email="nursing.mother@patient.test",
    )
    mail = site.send_mail()
    subjects = [message["Subject"] for message in mail if message["To"] == "moderators@clinic.test"]
    assert any(s.startswith("Urgent") for s in subjects), subjects

    moderator = person()
    moderator.log_in("moderator")
    page = moderator.page
    moderator.goto("/admin/questions/question/")
    first_row = page.locator("#result_list tbody tr").first
    expect(first_row).to_contain_text(URGENT_SUBJECT)
    expect(first_row).to_contain_text("Urgent: red-flag words")

    open_question(moderator, URGENT_SUBJECT)
    expect(page.locator(".badge-urgent").first).to_be_visible()
    marked = " ".join(page.locator(".patient-original mark").all_inner_texts())
    assert "Rosalind" in marked and "Eastbourne" in marked, marked
    # A plain Save with an expert chosen makes no step: refused, the choice kept.
    page.get_by_label("Expert to answer").select_option(label="Maria Alvarez, MD")
    page.get_by_role("button", name="Save and continue editing").click()
    moderator.looks()
    expect(page.get_by_text("You filled in the “Next step” part but pressed Save")).to_be_visible()
    expect(page.locator(".field-status")).to_contain_text("New")
    # De-identified with the marks' help, then assigned by the step's own button.
    page.get_by_label("Title").fill("Numb legs and trouble swallowing since this morning")
    page.get_by_label("Body").fill(
        "Since this morning my legs are numb and I have trouble swallowing. My neurologist "
        "is away. Is this a relapse, and what should I do?"
    )
    page.get_by_label("Category").select_option(index=1)
    page.get_by_label("Expert to answer").select_option(label="Maria Alvarez, MD")
    page.get_by_role("button", name="Assign to an expert").click()
    moderator.looks()
    expect(page.get_by_text("Done: assign to an expert.")).to_be_visible()
    expect(page.locator(".field-status")).to_contain_text("Assigned")

    moderator.goto("/admin/questions/question/")
    open_question(moderator, DUPLICATE_SUBJECT)
    page.get_by_label("Reason for declining").select_option(
        label="Duplicate of an answered question"
    )
    # The likely duplicates found for it are the choices.
    first_choice = page.locator("fieldset.duplicate-choice input[type=radio]").first
    first_choice.check()
    duplicate_title = page.locator(f"label[for='{first_choice.get_attribute('id')}']").inner_text()
    page.get_by_role("button", name="Decline", exact=True).click()
    moderator.looks()
    expect(page.get_by_text("Decline this question as Duplicate")).to_be_visible()
    page.get_by_role("button", name="Confirm: decline").click()
    moderator.looks()
    expect(page.get_by_text("Done: decline.")).to_be_visible()
    page.get_by_role("button", name="Reopen").click()
    moderator.looks()
    expect(page.get_by_text("Done: reopen.")).to_be_visible()
    expect(page.locator(".field-status")).to_contain_text("New")
    page.get_by_label("Reason for declining").select_option(
        label="Duplicate of an answered question"
    )
    page.get_by_role("radio", name=duplicate_title).check()
    page.get_by_role("button", name="Decline", exact=True).click()
    moderator.looks()
    page.get_by_role("button", name="Confirm: decline").click()
    moderator.looks()
    expect(page.get_by_text("Done: decline.")).to_be_visible()
    history = page.locator(".inline-group").filter(has_text="History")
    expect(history).to_contain_text("Reopened")

    # Told at each decline (the first went out before the reopen), with the link each time.
    declined = [m for m in site.send_mail() if m["To"] == "nursing.mother@patient.test"]
    assert len(declined) == 2
    for message in declined:
        assert "/questions/" in text_of(message)

    other.goto(duplicate_status)
    expect(other.page.locator(".status-stage")).to_contain_text("Declined")
    other.page.get_by_role("link", name=duplicate_title.strip()).click()
    other.looks()
    expect(other.page.locator("h1")).to_have_text(duplicate_title.strip())

    patient.goto(urgent_status)
    expect(patient.page.locator(".status-stage")).to_contain_text("In review")
    assert re.search("Rosalind", patient.page.content())  # their own words, shown to them only
