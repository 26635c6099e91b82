"""A reader opens the home page and a Q&A: it reads well and axe finds no WCAG 2.2 AA issue."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.chromium import assert_accessible
from tests.factories import CategoryFactory, CommentFactory, PublishedQuestionFactory


@pytest.fixture
def site(transactional_db):
    category = CategoryFactory(name="Infusion therapies", slug="infusion-therapies")
    question = PublishedQuestionFactory(
        title="What happens on an infusion day?",
        category=category,
        answer_source=(
            "## Before the infusion\n\nYou get medicines that prevent reactions.\n\n"
            "* a steroid\n* an antihistamine\n\nRead more at https://www.example.org/infusions."
        ),
    )
    PublishedQuestionFactory.create_batch(2, category=category)
    CommentFactory(question=question, body="This helped.\nThank you!")
    return question


def test_home_page_and_a_question_page_are_accessible(page, site):
    page.goto("/")
    assert page.locator("h1").inner_text().startswith("Welcome to the")
    assert_accessible(page)

    page.get_by_role("link", name="What happens on an infusion day?").first.click()
    page.wait_for_url(f"**{site.get_absolute_url()}")
    assert page.locator("h1").inner_text() == "What happens on an infusion day?"
    expect(page.get_by_role("heading", name="Answer:")).to_be_visible()
    expect(page.get_by_text("1 Comment", exact=True)).to_be_visible()
    assert_accessible(page)


def test_keyboard_user_can_skip_to_the_content(page, site):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("el => el === document.activeElement")
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_pages_fit_a_phone_screen_without_sideways_scrolling(browser, live_server, site):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 320, "height": 640})
    page = context.new_page()
    for url in ["/", site.get_absolute_url(), "/questions/"]:
        page.goto(url)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, url
    context.close()


def test_text_can_be_zoomed_to_200_percent_without_losing_content(browser, live_server, site):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 640, "height": 800})
    page = context.new_page()
    page.goto(site.get_absolute_url())
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    expect(page.get_by_role("heading", name="Answer:")).to_be_visible()
    context.close()
