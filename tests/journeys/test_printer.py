"""A reader checks who answered, tells the clinic the answer helped, and prints
the Q&A and a drug page to take to an appointment."""

from __future__ import annotations

import io
import re
import unicodedata

from playwright.sync_api import expect
from pypdf import PdfReader

QA = "/questions/why-do-i-need-an-mri-every-year-if-i-feel-fine/"
NOTE = "The part about contrast dye put my mind at rest."
DISCLAIMER = "This service is not for emergencies."
# What only a screen shows: navigation, search, skip link, sidebar, forms, buttons.
SCREEN_ONLY = [
    "Skip to main content",
    "All answers",
    "Search the answers",
    "Have a question about MS?",
    "Was this answer helpful?",
    "Leave a reply",
    "Follow new answers by email or feed",
    "Related questions",  # links to other pages: no use on paper
    "Therapies mentioned in this answer",
]


def printed(page) -> tuple[int, str]:
    """Print the page to PDF as Chromium does (US Letter); its page count and its
    text, with the typesetter's ligatures ("ﬁ") and line breaks undone."""
    reader = PdfReader(io.BytesIO(page.pdf(format="Letter")))
    text = "\n".join(sheet.extract_text() for sheet in reader.pages)
    return len(reader.pages), " ".join(unicodedata.normalize("NFKC", text).split())


def test_reader_meets_the_clinician_says_the_answer_helped_and_prints_it(person, site):
    reader = person()
    reader.goto(QA)
    page = reader.page
    title = "Why do I need an MRI every year if I feel fine?"
    expect(page.get_by_role("heading", level=1)).to_have_text(title)

    # Who answered: the signature's name leads to the clinician's page.
    page.locator(".signature").get_by_role("link", name="Maria Alvarez, MD").click()
    page.wait_for_url(re.compile(r"/experts/maria-alvarez-md/$"))
    reader.looks()
    expect(page.get_by_role("heading", level=1)).to_have_text("Maria Alvarez, MD")
    expect(page.get_by_text("runs the center's infusion clinic")).to_be_visible()
    page.locator("main").get_by_role("link", name=title).click()
    page.wait_for_url(re.compile(re.escape(QA) + "$"))
    reader.looks()

    # Was this helpful? Yes, with a note; no account, no cookie.
    page.get_by_role("radio", name="Yes").check()
    page.get_by_label("Anything we could make clearer? (optional)").fill(NOTE)
    page.get_by_role("button", name="Send").click()
    page.wait_for_url(re.compile(r"/helpful/thanks/$"))
    reader.looks()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for telling us")
    assert reader.context.cookies() == []
    # Other journeys share this site: find the reader's own row by its note.
    [(helpful,)] = site.query("SELECT helpful FROM feedback_feedback WHERE note = %s", (NOTE,))
    assert bool(helpful) is True

    # The note is the clinic's alone: the Q&A page does not show it.
    page.get_by_role("link", name=f"Back to “{title}”").click()
    reader.looks()
    expect(page.locator("body")).not_to_contain_text(NOTE)

    # Print the Q&A: two sheets of Letter paper at most, everything a clinician
    # needs to see, none of the screen's chrome.
    pages, text = printed(page)
    assert pages <= 2, pages
    for part in (
        title,
        "Here is my question:",
        "I was diagnosed with relapsing MS three years ago",
        "MRI is still useful because it sees what you cannot feel.",
        "Maria Alvarez, MD",
        "Medical Director, Infusion Clinic",
        "Published",
        "Reviewed by Maria Alvarez, MD on",
        DISCLAIMER,
    ):
        assert part in text, part
    assert f"This page: {site.url}{QA}".replace(" ", "") in text.replace(" ", "")
    for chrome in SCREEN_ONLY:
        assert chrome not in text, chrome

    # And the drug page it mentions, to take along as well.
    reader.goto("/drugs/natalizumab/")
    pages, text = printed(page)
    # Seven sheets at most: the entry now also prints its key facts, its side effects
    # by how often they happen, what to do about a late dose and other medicines.
    assert pages <= 7, pages
    for part in ("Natalizumab", "Reviewed by", "Side effects and risks", "References", DISCLAIMER):
        assert part in text, part
    assert f"This page: {site.url}/drugs/natalizumab/" in text
    for chrome in [*SCREEN_ONLY, "On this page"]:
        assert chrome not in text, chrome
