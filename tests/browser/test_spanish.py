"""The Spanish pages in Chromium: axe finds no WCAG 2.2 AA issue on any page
type, the words (often longer than the English) fit a phone at 320 px even at
200 % text, and the language link takes a reader to the same page and back."""

from __future__ import annotations

import datetime

import pytest

from drugs.models import DrugTranslation, SideEffect
from glossary.models import Term, TermTranslation
from tests.chromium import assert_accessible
from tests.factories import (
    CategoryFactory,
    CommentFactory,
    DrugFactory,
    ExpertProfileFactory,
    PublishedQuestionFactory,
)
from tests.translation_helpers import SPANISH_TITLE, translate, translate_entry


@pytest.fixture
def site(transactional_db):
    category = CategoryFactory(name="Infusion therapies", slug="infusion-therapies")
    translated = PublishedQuestionFactory(
        title="Can I get a flu shot during treatment?", category=category
    )
    translate(translated)
    untranslated = PublishedQuestionFactory(title="Does heat make MS worse?", category=category)
    CommentFactory(question=translated, body="Thank you!")
    drug = DrugFactory(generic_name="ocrelizumab", brand_names="Ocrevus")
    SideEffect.objects.create(drug=drug, frequency=1, effect="Headache")
    translate_entry(DrugTranslation, drug, {"summary": "Un anticuerpo que se da por goteo."})
    term = Term.objects.create(
        name="relapse",
        slug="relapse",
        explanation="New or worse symptoms that last more than a day.",
        reviewed_by=ExpertProfileFactory(),
        reviewed_on=datetime.date(2026, 10, 1),
        is_published=True,
    )
    translate_entry(TermTranslation, term, {"name": "brote"})
    return {
        "home": "/es/",
        "list": "/es/questions/",
        "translated Q&A": f"/es/questions/{translated.slug}/",
        "Q&A not translated yet": f"/es/questions/{untranslated.slug}/",
        "category": "/es/category/infusion-therapies/",
        "ask": "/es/ask/",
        "drugs": "/es/drugs/",
        "drug": "/es/drugs/ocrelizumab/",
        "glossary": "/es/glossary/",
        "glossary term": "/es/glossary/relapse/",
        "subscribe": "/es/subscribe/",
        "feeds": "/es/feeds/",
        "display": "/es/display/",
        "search": "/es/search/?q=gripe",
    }


def test_every_spanish_page_type_is_accessible(page, site):
    for kind, url in site.items():
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == "es", kind
        assert_accessible(page)


def test_spanish_words_fit_a_phone_even_at_200_percent_text(browser, live_server, site):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 320, "height": 640})
    context.add_init_script("localStorage.setItem('mscenter-display', '{\"size\": \"200\"}')")
    page = context.new_page()
    for kind, url in site.items():
        page.goto(url)
        assert page.evaluate("document.documentElement.dataset.size") == "200"
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, kind
    context.close()


def test_the_language_link_goes_to_the_same_page_and_back(page, site):
    page.goto(site["translated Q&A"].removeprefix("/es"))
    page.get_by_role("link", name="Español").click()
    page.wait_for_url(f"**{site['translated Q&A']}")
    assert page.locator("h1").inner_text() == SPANISH_TITLE
    page.get_by_role("link", name="English").click()
    page.wait_for_url(f"**{site['translated Q&A'].removeprefix('/es')}")
    assert page.locator("h1").inner_text() == "Can I get a flu shot during treatment?"
