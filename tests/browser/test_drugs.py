"""A reader compares therapies and opens one: axe finds no WCAG 2.2 AA issue,
a phone never scrolls sideways, and the filters work without JavaScript."""

from __future__ import annotations

import pytest

from drugs import services
from drugs.models import Drug
from tests.chromium import assert_accessible
from tests.factories import DrugFactory, ExpertProfileFactory, PublishedQuestionFactory

PHONE = {"width": 320, "height": 640}


@pytest.fixture
def reference(transactional_db):
    reviewer = ExpertProfileFactory(display_name="Maria Alvarez, MD")
    natalizumab = DrugFactory(
        generic_name="natalizumab",
        brand_names="Tysabri",
        biosimilars="Tyruko",
        for_cis=True,
        mechanism_short="Keeps immune cells out of the brain and spinal cord",
        schedule_short="Every 4 weeks",
        risks_short="PML, a rare brain infection (boxed warning); liver injury",
        boxed_warnings="PML, a rare viral infection of the brain.",
        restricted_program="Only through the TOUCH program.",
        references="AFFIRM trial. N Engl J Med. 2006.\nLabel: https://dailymed.example.org/tysabri",
        reviewed_by=reviewer,
    )
    DrugFactory(
        generic_name="mitoxantrone",
        brand_names="Novantrone",
        status=Drug.Status.RARELY_USED,
        risks_short="Heart damage and leukemia (boxed warning)",
        reviewed_by=reviewer,
    )
    DrugFactory(
        generic_name="methylprednisolone",
        display_name="High-dose IV methylprednisolone",
        brand_names="Solu-Medrol",
        group=Drug.Group.OTHER_INFUSION,
        status=Drug.Status.RELAPSE_ONLY,
        reviewed_by=reviewer,
    )
    DrugFactory(
        generic_name="plasma exchange",
        display_name="Plasma exchange",
        group=Drug.Group.OTHER_INFUSION,
        status=Drug.Status.PROCEDURE,
        route=Drug.Route.PROCEDURE,
        reviewed_by=reviewer,
    )
    DrugFactory(
        generic_name="stem cell therapy",
        display_name="Stem cell therapies",
        slug="stem-cell-therapies",
        group=Drug.Group.INVESTIGATIONAL,
        status=Drug.Status.INVESTIGATIONAL,
        route=Drug.Route.PROCEDURE,
        for_ppms=True,
        reviewed_by=reviewer,
    )
    question = PublishedQuestionFactory(
        title="My JCV test came back positive on Tysabri. Do I have to stop?",
        answer_source="Not always. Talk to your team about **natalizumab** and PML.",
    )
    services.link_question(question.pk)
    return natalizumab


def test_drug_list_and_a_drug_page_are_accessible(page, reference):
    page.goto("/drugs/")
    assert page.locator("h1").inner_text() == "Drug reference: infusion therapies for MS"
    assert page.get_by_role("table", name="Other infusion options").is_visible()
    assert page.get_by_role("table", name="Investigational therapies").is_visible()
    assert page.get_by_role("rowheader", name="Natalizumab").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Natalizumab", exact=True).click()
    page.wait_for_url("**/drugs/natalizumab/")
    assert page.locator("h1").inner_text() == "Natalizumab (Tysabri)"
    assert page.get_by_role("heading", name="Boxed warning").is_visible()
    assert page.get_by_role("navigation", name="On this page").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Side effects and risks").click()
    assert page.evaluate("location.hash") == "#side-effects"
    page.get_by_role("link", name="My JCV test came back positive on Tysabri").click()
    page.wait_for_url("**/questions/**")
    box = page.get_by_role("region", name="Therapies mentioned in this answer")
    assert box.get_by_role("link", name="Natalizumab (Tysabri)").is_visible()
    assert_accessible(page)


def test_phone_sees_cards_without_sideways_scrolling(browser, live_server, reference):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    page = context.new_page()
    for url in ["/drugs/", "/drugs/natalizumab/", "/drugs/?status=approved"]:
        page.goto(url)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, url
    page.goto("/drugs/")
    # Each cell is labelled in card view, and the table is still a table to assistive tech.
    label = page.locator("td[data-label='How often']").first.evaluate(
        "el => getComputedStyle(el, '::before').content"
    )
    assert label == '"How often"'
    assert page.get_by_role("columnheader", name="Key risks").count() == 3
    assert_accessible(page)
    context.close()


def test_wide_table_scrolls_in_its_own_box_that_a_keyboard_can_reach(
    browser, live_server, reference
):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto("/drugs/")
    region = page.get_by_role("region", name="Disease-modifying infusions")
    region.focus()
    assert region.evaluate("el => el === document.activeElement")
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    context.close()


def test_filters_work_without_javascript(browser, live_server, reference):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/drugs/")
    page.get_by_label("Status").select_option("rarely_used")
    page.get_by_role("button", name="Show therapies").click()
    page.wait_for_url("**/drugs/?status=rarely_used*")
    assert page.get_by_text("1 therapy matches your filters.").is_visible()
    assert page.get_by_role("rowheader").all_inner_texts() == ["Mitoxantrone"]
    assert page.get_by_label("Status").input_value() == "rarely_used"

    page.get_by_role("link", name="Clear filters").click()
    page.wait_for_url("**/drugs/")
    assert page.get_by_role("rowheader").count() == 5
    context.close()
