"""A clinician answers in the admin and sends it for sign-off without a separate
save; a second clinician, told by email, signs it off and publishes; the Q&A is
on its page, its month, its category, the feed and search at the next request."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.journeys.steps import ask, open_question

SUBJECT = "Hot weather makes my legs weaker"
QUESTION = (
    "Every summer my legs get weaker when it is hot, and better when I cool down. Does the "
    "heat damage my nerves, or is it only for the moment?"
)
ANSWER = (
    "Heat slows the signals along nerves that MS has already damaged, so old symptoms can "
    "come back for a while. This is called **Uhthoff's phenomenon**.\n\n"
    "It does not cause new damage. The symptoms fade as your body cools down.\n\n"
    "- Cool drinks and a fan help.\n"
    "- Plan outings for the cooler part of the day."
)


def test_clinician_answers_a_second_signs_off_and_everyone_can_read_it(person, site):
    patient = person(width=390)
    ask(patient, subject=SUBJECT, question=QUESTION)

    moderator = person()
    moderator.log_in("moderator")
    moderator.goto("/admin/questions/question/")
    open_question(moderator, SUBJECT)
    moderator.page.get_by_label("Category").select_option(label="Symptoms")
    moderator.page.get_by_label("Expert to answer").select_option(label="Maria Alvarez, MD")
    moderator.page.get_by_role("button", name="Assign to an expert").click()
    moderator.looks()
    expect(moderator.page.get_by_text("Done: assign to an expert.")).to_be_visible()

    author = person()
    author.log_in("dr.alvarez")
    page = author.page
    page.get_by_role("link", name="assigned to you").click()
    author.looks()
    open_question(author, SUBJECT)
    page.get_by_label("Answer (draft)").fill(ANSWER)
    # No "Save" first: the move saves what is typed.
    page.get_by_role("button", name="Send for sign-off").click()
    author.looks()
    expect(page.get_by_text("Done: send for sign-off.")).to_be_visible()
    expect(page.get_by_label("Answer (draft)")).to_have_value(ANSWER)
    expect(page.get_by_role("button", name="Sign off")).to_have_count(0)  # not their own
    expect(
        page.get_by_text("You sent this version for sign-off, so a colleague signs it")
    ).to_be_visible()
    expect(page.get_by_text("It may be signed by: Daniel Okafor")).to_be_visible()

    told = [m for m in site.send_mail() if m["To"] == "dr.okafor@clinic.test"]
    assert len(told) == 1 and "sign-off" in told[0]["Subject"].lower(), told

    signer = person()
    signer.log_in("dr.okafor")
    signer.page.get_by_role("link", name="waiting for your sign-off").click()
    signer.looks()
    open_question(signer, SUBJECT)
    signer.page.get_by_role("button", name="Sign off").click()
    signer.looks()
    expect(signer.page.get_by_text("Done: sign off.")).to_be_visible()
    signer.page.get_by_role("button", name="Publish").click()
    signer.looks()
    expect(signer.page.get_by_text("Done: publish.")).to_be_visible()
    path = signer.page.locator(".field-public_link a").get_attribute("href")

    reader = person(width=390)
    reader.goto(path)
    expect(reader.page.locator("h1")).to_have_text(SUBJECT)
    # The clinician's bold term, linked to the glossary's explanation at its first use.
    bold = reader.page.locator(".answer-body strong").first
    expect(bold.get_by_role("link")).to_have_text("Uhthoff's phenomenon")
    expect(reader.page.get_by_text("Daniel Okafor, MD, PhD").first).to_be_visible()
    reader.goto("/archive/")
    reader.page.locator("main").get_by_role("link").first.click()  # the newest month
    reader.looks()
    expect(reader.page.get_by_role("link", name=SUBJECT)).to_be_visible()
    reader.goto("/category/symptoms/")
    expect(reader.page.get_by_role("link", name=SUBJECT)).to_be_visible()
    reader.goto("/search/?q=Uhthoff")
    expect(reader.page.get_by_role("link", name=SUBJECT)).to_be_visible()
    feed = reader.page.request.get("/feeds/latest/")
    assert feed.ok and SUBJECT in feed.text()
