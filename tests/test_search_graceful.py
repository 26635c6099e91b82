"""Searches that miss degrade gracefully: a misspelt word is fixed first, then
the words no published text has are left out, and the page says which; when no
answer has every word, those with more of them come first; a thin page for
several words adds answers with some of them; a page that found nothing offers
the ways on."""

from __future__ import annotations

import pytest
from django.test import Client

from search import synonyms
from search.models import Synonym
from tests.factories import CategoryFactory, DrugFactory, PublishedQuestionFactory
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


def test_a_rightly_spelt_word_is_never_swapped_for_another(visitor: Client):
    PublishedQuestionFactory(title="Swelling of the ankles", body="Is it the drug?")
    heat = PublishedQuestionFactory(title="Heat and MS", body="Why worse in summer?")
    html = visitor.get("/search/", {"q": "sweltering"}).content.decode()
    assert result_links(visitor, "sweltering") == []
    assert "No answer or drug reference section matched." in html
    assert "swelling" not in html.lower() and "Did you mean" not in html
    html = visitor.get("/search/", {"q": "sweltering heat"}).content.decode()
    assert "No answers mention <em>sweltering</em>; showing answers for the other words." in html
    assert result_links(visitor, "sweltering heat") == [heat.get_absolute_url()]


def test_an_everyday_word_is_left_out_not_fixed_to_the_word_one_letter_away(visitor: Client):
    sleep = PublishedQuestionFactory(title="Sleep and fatigue", body="Why so tired?")
    html = visitor.get("/search/", {"q": "sheep fatigue"}).content.decode()
    assert "No answers mention <em>sheep</em>;" in html
    assert "Showing results for" not in html
    assert result_links(visitor, "sheep fatigue") == [sleep.get_absolute_url()]


def test_a_misspelt_therapy_is_still_fixed(visitor: Client):
    from tests.factories import DrugFactory

    DrugFactory(generic_name="natalizumab", brand_names="Tysabri")
    question = PublishedQuestionFactory(title="Tysabri and pregnancy", body="Can I stay on it?")
    # The stemmer may read "tysabry" as "tysabri" itself: either way it is found.
    html = visitor.get("/search/", {"q": "tysabry pregnancy"}).content.decode()
    assert "No answers mention" not in html
    assert question.get_absolute_url() in result_links(visitor, "tysabry pregnancy")
    html = visitor.get("/search/", {"q": "tysabrri pregnancy"}).content.decode()
    assert "Showing results for <strong>“tysabri pregnancy”</strong>" in html


@pytest.mark.parametrize(
    ("typed", "known", "typo"),
    [
        ("fatique", "fatigue", True),  # one letter wrong
        ("fatgiue", "fatigue", True),  # two swapped
        ("ocrevuss", "ocrevus", True),  # one extra
        ("fatgue", "fatigue", True),  # one missing
        ("tysabyr", "tysabri", True),  # two slips in a long word
        ("sweltering", "swelling", False),
        ("scorching", "switching", False),
        ("sheep", "sleep", True),  # a slip: only the word list says it is not one
        ("steep", "sleep", True),
        ("pain", "rain", True),
        ("back", "bike", False),  # two slips in a short word
    ],
)
def test_a_typo_is_a_slip_or_two_of_the_keys(typed: str, known: str, typo: bool):
    from search.selectors import is_a_typo_of

    assert is_a_typo_of(typed, known) is typo


def test_answers_with_more_of_the_words_come_first_when_none_has_all(visitor: Client):
    one_word = PublishedQuestionFactory(
        title="Cooling vests", body="Cooling vests cooling vests: do cooling vests help?"
    )
    two_words = PublishedQuestionFactory(title="Swimming in summer", body="Is a pool good?")
    three_words = PublishedQuestionFactory(
        title="Swimming when it is hot", body="Does cooling help afterwards?"
    )
    # No answer has all four words; the one with three comes first however
    # often another repeats a single word.
    links = result_links(visitor, "swimming summer cooling hot")
    assert links == [
        three_words.get_absolute_url(),
        two_words.get_absolute_url(),
        one_word.get_absolute_url(),
    ]


def test_a_thin_page_for_several_words_adds_answers_with_some_of_them(visitor: Client):
    exact = PublishedQuestionFactory(title="Diabetes and steroids for a relapse", body="Sugar?")
    PublishedQuestionFactory(title="Steroids for a relapse", body="Are they worth it?")
    PublishedQuestionFactory(title="Tired after steroids", body="Is that usual?")
    html = visitor.get("/search/", {"q": "diabetes steroids relapse"}).content.decode()
    assert "Only one result has all of these words: it comes first, followed by results" in html
    links = result_links(visitor, "diabetes steroids relapse")
    assert links[0] == exact.get_absolute_url()
    assert len(links) == 3


def test_a_page_with_enough_results_for_all_the_words_is_not_widened(visitor: Client):
    for n in range(3):
        PublishedQuestionFactory(title=f"Steroids for a relapse, part {n + 1}", body="Why?")
    PublishedQuestionFactory(title="Steroids and sleep", body="Why?")
    html = visitor.get("/search/", {"q": "steroids relapse"}).content.decode()
    assert "all of these words" not in html
    assert len(result_links(visitor, "steroids relapse")) == 3


def test_a_name_typed_as_one_word_finds_what_its_words_find(visitor: Client, moderator):
    question = PublishedQuestionFactory(title="Breast milk and infusions", body="Is it safe?")
    synonyms.synonym_save(
        synonym=Synonym(terms="breastfeeding, breast milk, lactation"), actor=moderator
    )
    assert result_links(visitor, "breastmilk") == [question.get_absolute_url()]


def test_a_thin_page_after_a_spelling_fix_also_adds_answers_with_some_of_the_words(
    visitor: Client,
):
    exact = PublishedQuestionFactory(title="Diabetes and steroids for a relapse", body="Sugar?")
    PublishedQuestionFactory(title="Steroids for a relapse", body="Are they worth it?")
    PublishedQuestionFactory(title="Tired after steroids", body="Is that usual?")
    html = visitor.get("/search/", {"q": "diabetes steriods relapse"}).content.decode()
    # Both notes: the word fixed, and the page widened after the fix.
    assert "Showing results for <strong>“diabetes steroids relapse”</strong>" in html
    assert "Only one result has all of these words: it comes first, followed by results" in html
    links = result_links(visitor, "diabetes steriods relapse")
    assert links[0] == exact.get_absolute_url()
    assert len(links) == 3


def test_a_widened_page_makes_excerpts_only_for_the_results_it_shows(
    visitor: Client, django_assert_num_queries
):
    exact = PublishedQuestionFactory(title="Diabetes and steroids for a relapse", body="Sugar?")
    some = PublishedQuestionFactory(title="Steroids for a relapse", body="Are they worth it?")
    DrugFactory(generic_name="testumab", summary="Not given for a relapse.")
    visitor.get("/search/", {"q": "steroids"})  # the vocabulary and sidebar, cached from here on
    # the ranking with all the words (one answer: a thin page); the ranking with
    # some of them; the rows of the answers and the drug section shown, with
    # their excerpts, together (none for the thin page set aside); then the
    # count for the clinic: the published words, and seven to count
    # (tests/test_search_misses.py says which)
    with django_assert_num_queries(11):
        html = visitor.get("/search/", {"q": "diabetes steroids relapse"}).content.decode()
    assert "Only one result has all of these words: it comes first, followed by results" in html
    assert result_links(visitor, "diabetes steroids relapse") == [
        exact.get_absolute_url(),
        some.get_absolute_url(),
        "/drugs/testumab/#what-it-is",
    ]
    assert "<mark>relapse</mark>" in html
