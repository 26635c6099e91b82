"""Searches that miss degrade gracefully: a misspelt word is fixed first, then
the words no published text has are left out, and the page says which; a page
that found nothing offers the ways on."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import CategoryFactory, PublishedQuestionFactory
from tests.test_search_evaluation import result_links

pytestmark = pytest.mark.django_db


def test_a_word_no_answer_has_is_left_out_and_the_page_says_so(visitor: Client):
    question = PublishedQuestionFactory(
        title="Steroid side effects", body="Mood and sleep?", answer_source="They pass."
    )
    response = visitor.get("/search/", {"q": "steroid side effects taper"})
    html = response.content.decode()
    assert "No answers mention <em>taper</em>; showing answers for the other words." in html
    assert result_links(visitor, "steroid side effects taper") == [question.get_absolute_url()]


def test_several_left_out_words_are_each_named(visitor: Client):
    PublishedQuestionFactory(title="Steroid side effects", body="Mood and sleep?")
    html = visitor.get("/search/", {"q": "steroid qwzzk taper"}).content.decode()
    assert "No answers mention <em>qwzzk</em> or <em>taper</em>;" in html


def test_a_misspelt_word_is_fixed_before_it_is_left_out(visitor: Client):
    question = PublishedQuestionFactory(title="Fatigue and sleep", body="Why so tired?")
    html = visitor.get("/search/", {"q": "fatique sleep"}).content.decode()
    assert "Showing results for <strong>“fatigue sleep”</strong>" in html
    assert "No answers mention" not in html
    assert result_links(visitor, "fatique sleep") == [question.get_absolute_url()]


def test_what_was_typed_is_never_echoed_as_markup(visitor: Client):
    PublishedQuestionFactory(title="Steroid side effects", body="Mood and sleep?")
    html = visitor.get("/search/", {"q": 'steroid <b onmouseover="x">taper</b>'}).content.decode()
    assert "<b onmouseover" not in html
    assert "&lt;b onmouseover=&quot;x&quot;&gt;taper&lt;/b&gt;" in html


def test_a_page_that_found_nothing_offers_categories_drugs_and_asking(visitor: Client):
    category = CategoryFactory(name="Living with MS", slug="living-with-ms")
    PublishedQuestionFactory(title="Ocrevus and the flu jab", body="Safe?", category=category)
    html = visitor.get("/search/", {"q": "zzqxv"}).content.decode()
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    assert result_links(visitor, "zzqxv") == []
    assert '<a href="/ask/">Ask your question</a>' in main
    assert '<a href="/drugs/">The drug reference</a>' in main
    assert '<a href="/category/living-with-ms/">Living with MS</a>' in main
    assert '<a href="/questions/">All answers</a>' in main
