"""A reader meets an MS word in an answer: the explanation opens in place by
keyboard (and by pointer, with or without JavaScript), closes with Esc, and
axe finds no WCAG 2.2 AA issue with it open or closed."""

from __future__ import annotations

import datetime

import pytest

from glossary.models import Term
from tests.chromium import assert_accessible
from tests.factories import ExpertProfileFactory, PublishedQuestionFactory

PHONE = {"width": 320, "height": 640}
EXPLANATION = "An area of the brain or spinal cord where MS hurt the myelin."


@pytest.fixture
def answer(transactional_db):
    reviewer = ExpertProfileFactory(display_name="Maria Alvarez, MD")
    Term.objects.create(
        name="lesion",
        slug="lesion",
        explanation=f"{EXPLANATION}\n\nDoctors count new ones on each MRI.",
        reviewed_by=reviewer,
        reviewed_on=datetime.date(2026, 11, 2),
        is_published=True,
    )
    return PublishedQuestionFactory(
        title="What does a new spot on my scan mean?",
        answer_source="Your scan shows one new lesion. One lesion alone does not mean a relapse.",
    )


def test_a_keyboard_opens_the_explanation_in_place_and_esc_closes_it(page, answer):
    page.goto(answer.get_absolute_url())
    explanation = page.locator("#glossary-explain-lesion")
    toggle = page.get_by_role("button", name="What “lesion” means")
    assert not explanation.is_visible()
    assert_accessible(page)

    # Tab from the link on the word to its button, as a keyboard user would.
    page.get_by_role("link", name="lesion", exact=True).focus()
    page.keyboard.press("Tab")
    assert toggle.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert explanation.is_visible()
    assert EXPLANATION in explanation.inner_text()
    assert toggle.get_attribute("aria-label") == "What “lesion” means"
    assert_accessible(page)

    # The next Tab goes into the explanation: its link to the term's page.
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "More about lesion"
    page.keyboard.press("Escape")
    assert not explanation.is_visible()

    # Space opens it too, and its own Close button shuts it.
    toggle.focus()
    page.keyboard.press(" ")
    assert explanation.is_visible()
    explanation.get_by_role("button", name="Close").click()
    assert not explanation.is_visible()


def test_the_explanation_opens_without_javascript_and_links_to_its_page(
    browser, live_server, answer
):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto(answer.get_absolute_url())
    page.get_by_role("button", name="What “lesion” means").click()
    explanation = page.locator("#glossary-explain-lesion")
    assert explanation.is_visible()
    explanation.get_by_role("link", name="More about lesion").click()
    page.wait_for_url("**/glossary/lesion/")
    assert page.locator("h1").inner_text() == "Lesion"
    assert page.get_by_text("Doctors count new ones on each MRI.").is_visible()
    context.close()


def test_on_a_phone_the_open_explanation_fits_the_screen(browser, live_server, answer):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    page = context.new_page()
    page.goto(answer.get_absolute_url())
    page.get_by_role("button", name="What “lesion” means").click()
    box = page.locator("#glossary-explain-lesion").bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    context.close()


def test_the_glossary_pages_are_accessible(page, answer):
    page.goto("/glossary/")
    assert page.locator("h1").inner_text() == "MS words explained"
    assert_accessible(page)
    page.get_by_role("link", name="Lesion", exact=True).click()
    page.wait_for_url("**/glossary/lesion/")
    assert_accessible(page)
