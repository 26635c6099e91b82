"""A reader with low vision and tired eyes, on a phone: makes the text as large
as it goes, with high contrast, wider spacing, the plainer font and less
motion, finds an answer whose "In short" comes first, has it read aloud a
sentence at a time, switches to the dark page, and prints it black on white."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.test_listen import FAKE_SPEECH


def test_a_reader_with_low_vision_reads_and_listens_on_a_phone(person):
    reader = person(width=390)
    page = reader.page
    page.add_init_script(FAKE_SPEECH)
    reader.goto("/")
    page.get_by_role("link", name="Text size and colors").click()
    reader.looks()
    for label in (
        "Largest (200 %)",
        "High contrast: black text on white",
        "More space between lines, paragraphs, words and letters",
        "Atkinson Hyperlegible: letters that are hard to mix up, made for people with low vision",
        "Less motion: no animation and no smooth scrolling",
    ):
        page.get_by_label(label, exact=True).check()
    expect(page.get_by_role("status")).to_have_text("Saved in this browser.")
    reader.looks()

    # The choices follow the reader from page to page, before anything is painted.
    # At 200 % on a phone the links fold behind "Menu", so the page's own
    # heading shows on the first screen.
    menu = page.locator(".site-menu > summary")
    menu.click()
    page.get_by_role("link", name="Home").click()
    reader.looks()
    page.get_by_label("Search the answers").fill("ocrevus infusion day")
    page.get_by_label("Search the answers").press("Enter")
    reader.looks()
    page.get_by_role("link", name="What actually happens on an Ocrevus infusion day?").first.click()
    page.wait_for_url(re.compile(r"/questions/"))
    title = page.locator("h1").inner_text()
    reader.looks()
    assert page.evaluate("document.documentElement.dataset.contrast") == "high"
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "32px"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    summary = page.locator(".in-short")
    expect(summary).to_contain_text("In short")
    # The "In short" comes before the patient's long question.
    assert summary.evaluate(
        "e => !!(e.compareDocumentPosition(document.querySelector('.qa-question')) & 4)"
    )

    # Read aloud, by keyboard: a sentence at a time, highlighted; paused; stopped.
    page.get_by_role("button", name="Listen to this answer").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("window.fakeSpeech.spoken[0].text") == title
    page.evaluate("window.fakeSpeech.finish()")
    expect(page.locator(".listen-current")).to_have_count(1)
    page.get_by_role("button", name="Pause").click()
    reader.looks()
    page.get_by_role("button", name="Stop").click()
    expect(page.locator(".listen-current")).to_have_count(0)

    # The evening: the dark page, then the answer printed for the appointment.
    menu.click()
    page.get_by_role("link", name="Text size and colors").click()
    reader.looks()
    page.get_by_label("Dark: light text on a dark page, less glare", exact=True).check()
    reader.looks()
    page.go_back()
    page.wait_for_url(re.compile(r"/questions/"))
    assert page.evaluate("document.documentElement.dataset.contrast") == "dark"
    reader.looks()
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('h1')).color") == "rgb(0, 0, 0)"
    expect(page.locator(".listen")).to_be_hidden()
    page.emulate_media(media="screen")

    # Back to standard in one press.
    menu.click()
    page.get_by_role("link", name="Text size and colors").click()
    reader.looks()
    page.get_by_role("button", name="Reset all to standard").click()
    expect(page.get_by_role("status")).to_have_text("Everything is back to standard.")
    assert page.evaluate("document.documentElement.dataset.contrast") is None
