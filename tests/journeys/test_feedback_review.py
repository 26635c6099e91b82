"""A reader says an answer did not help and why; the moderator finds that answer
at the top of the clinic's list, reads the note and marks it read."""

from __future__ import annotations

import re

from playwright.sync_api import expect

QA = "/questions/is-it-safe-to-exercise-with-ms/"
TITLE = "Is it safe to exercise with MS?"
NOTE = "I still do not know how long a workout should be."


def test_a_note_that_an_answer_did_not_help_reaches_the_clinic_only(person, site):
    reader = person(width=390)
    reader.goto(QA)
    page = reader.page
    page.get_by_role("button", name="Send").click()  # nothing chosen yet
    page.wait_for_url(re.compile(r"/helpful/$"))
    reader.looks()
    expect(page.get_by_text("Please choose Yes or No.").first).to_be_visible()
    page.get_by_role("radio", name="No").check()
    page.get_by_label("Anything we could make clearer? (optional)").fill(NOTE)
    page.get_by_role("button", name="Send").click()
    page.wait_for_url(re.compile(r"/helpful/thanks/$"))
    reader.looks()
    reader.goto(QA)
    expect(page.locator("body")).not_to_contain_text(NOTE)

    moderator = person()
    moderator.log_in("moderator")
    staff = moderator.page
    moderator.goto("/admin/feedback/answerhelpfulness/?said=unread_notes")
    row = staff.locator("#result_list tbody tr").filter(has_text=TITLE)
    expect(row.locator(".field-not_helped_count")).to_have_text("1")
    row.locator(".field-unread_notes_count a").click()
    moderator.looks()
    expect(staff.locator("#result_list")).to_contain_text(NOTE)
    staff.locator("#result_list tbody tr").filter(has_text=NOTE).locator(
        "input.action-select"
    ).check()
    staff.get_by_label("Action:").select_option(label="Mark the selected notes as read")
    staff.get_by_role("button", name="Go").click()
    moderator.looks()
    expect(staff.get_by_text("1 note marked as read.")).to_be_visible()
    moderator.goto("/admin/feedback/answerhelpfulness/?said=unread_notes")
    expect(staff.locator("#changelist")).not_to_contain_text(TITLE)
