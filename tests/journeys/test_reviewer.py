"""A clinician works through the review queue: one answer is still accurate
and is re-attested (its page shows the new review date, no "Updated"); another
needs changes, is edited and signed again by a colleague (its page then shows
"Updated"). A drug entry is reviewed too."""

from __future__ import annotations

import re

from django.utils import timezone
from playwright.sync_api import expect

from tests.journeys.steps import open_question

STILL_ACCURATE = "Are high-dose IV steroids worth it for a relapse?"  # overdue in the demo
NEEDS_CHANGES = "Why do I need an MRI every year if I feel fine?"  # due within a month
ADDED = "A newer kind of scan may shorten the time you spend in the tube."


def today_in_words(site) -> str:
    """Today in the clinic's time zone, as the pages write a date."""
    day = timezone.localdate()
    return f"{day:%B} {day.day}, {day.year}"


def test_a_clinician_reviews_one_answer_as_still_accurate_and_sends_another_for_changes(
    person, site
):
    reader = person(width=390)
    reader.goto("/search/?q=steroids+relapse")
    reader.page.get_by_role("link", name=STILL_ACCURATE).first.click()
    reader.looks()
    expect(reader.page.get_by_text("This answer is due for review.")).to_be_visible()
    still_accurate_path = reader.page.url

    reviewer = person()
    reviewer.log_in("dr.okafor")
    page = reviewer.page
    page.get_by_role("link", name=re.compile("published answers due for review")).click()
    reviewer.looks()
    queue = page.locator("#result_list")
    expect(queue.get_by_role("link", name=STILL_ACCURATE)).to_be_visible()
    expect(queue.get_by_role("link", name=NEEDS_CHANGES)).to_be_visible()

    open_question(reviewer, STILL_ACCURATE)
    page.get_by_role("button", name="Still accurate").click()
    reviewer.looks()
    expect(page.get_by_text("Done: still accurate.")).to_be_visible()

    reader.goto(still_accurate_path)
    review_line = reader.page.locator(".review-line")
    expect(review_line).to_contain_text(
        f"Reviewed by Daniel Okafor, MD, PhD on {today_in_words(site)}"
    )
    expect(reader.page.get_by_text("This answer is due for review.")).to_have_count(0)
    expect(reader.page.get_by_text("Updated")).to_have_count(0)

    reviewer.goto("/admin/questions/question/?review=due")
    open_question(reviewer, NEEDS_CHANGES)
    page.get_by_label("Note (kept in the history").fill("Mention the shorter scans now offered.")
    page.get_by_role("button", name="Needs changes").click()
    reviewer.looks()
    expect(page.get_by_text("Done: needs changes.")).to_be_visible()
    answer = page.get_by_label("Answer (draft)")
    answer.fill(answer.input_value() + "\n\n" + ADDED)
    page.get_by_role("button", name="Save and continue editing").click()
    reviewer.looks()
    expect(page.get_by_text("The draft has changes that are not signed")).to_be_visible()
    expect(page.get_by_role("button", name="Sign off")).to_have_count(0)  # nobody sent it yet
    page.get_by_role("button", name="Send for sign-off").click()
    reviewer.looks()
    expect(page.get_by_text("Done: send for sign-off.")).to_be_visible()
    expect(page.get_by_role("button", name="Sign off")).to_have_count(0)  # they sent it

    colleague = person()
    colleague.log_in("dr.alvarez")
    colleague.page.get_by_role("link", name="waiting for your sign-off").click()
    colleague.looks()
    open_question(colleague, NEEDS_CHANGES)
    colleague.page.get_by_role("button", name="Sign off").click()
    colleague.looks()
    expect(colleague.page.get_by_text("Done: sign off.")).to_be_visible()
    path = colleague.page.locator(".field-public_link a").get_attribute("href")

    reader.goto(path)
    expect(reader.page.get_by_text(ADDED)).to_be_visible()
    expect(reader.page.locator(".qa-meta").first).to_contain_text(f"Updated {today_in_words(site)}")
    expect(reader.page.locator(".review-line")).to_contain_text(
        f"Reviewed by Maria Alvarez, MD on {today_in_words(site)}"
    )

    # The drug reference has its own review: the entry is found still accurate.
    reviewer.goto("/admin/drugs/drug/")
    reviewer.page.get_by_role("link", name="Ocrelizumab").click()
    reviewer.looks()
    reviewer.page.get_by_role("link", name="Review: still accurate").click()
    reviewer.looks()
    reviewer.page.get_by_label("Note (kept with the review, optional)").fill("Label checked")
    reviewer.page.get_by_role("button", name="Still accurate: sign the review").click()
    reviewer.looks()
    expect(reviewer.page.get_by_text("Reviewed: Ocrelizumab is still accurate.")).to_be_visible()
    reader.goto("/drugs/ocrelizumab/")
    expect(reader.page.locator(".review-line")).to_contain_text(
        f"Reviewed by Daniel Okafor, MD, PhD on {today_in_words(site)}"
    )
