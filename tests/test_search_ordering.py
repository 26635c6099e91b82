"""The order of the results page, decided by the query: drug sections lead only
when the query names a therapy; a title or question outweighs a long answer; the
words as typed outweigh a synonym's; a synonym never reaches a word most entries
have."""

from __future__ import annotations

import pytest
from django.test import Client

from search import synonyms
from search.backends import postgres, sqlite
from search.models import Synonym
from search.selectors import synonym_map
from tests.factories import DrugFactory, PublishedQuestionFactory
from tests.test_search_evaluation import result_links

pytestmark = pytest.mark.django_db


@pytest.fixture
def infusion_day() -> str:
    """A therapy and a Q&A about it, both with the word "infusion"."""
    DrugFactory(
        generic_name="ocrelizumab",
        brand_names="Ocrevus",
        summary="An antibody given by infusion twice a year.",
        common_side_effects="Infusion reactions and tiredness.",
    )
    synonyms.seed_from_drugs()  # as loading the drug reference does
    question = PublishedQuestionFactory(
        title="What happens on an Ocrevus infusion day?",
        body="How long is the infusion?",
        answer_source="Most of the day: the infusion, then an hour of observation.",
    )
    return question.get_absolute_url()


def test_drug_sections_lead_when_the_query_names_a_therapy(visitor: Client, infusion_day: str):
    for query in ["ocrevus infusion", "ocrelizumab infusion", "ocrevis infusion"]:
        links = result_links(visitor, query)
        assert links[0].startswith("/drugs/ocrelizumab/#"), query
        # ... the best few: the answer about it is still among the first three.
        assert infusion_day in links[:3], query


def test_a_therapys_section_about_the_other_words_comes_before_its_first_section(
    visitor: Client,
):
    DrugFactory(
        generic_name="ublituximab",
        brand_names="Briumvi",
        summary="An antibody against B cells, given into a vein over some hours; headache is rare.",
        infusion_time="The first infusion takes four hours, later ones one or two hours.",
        common_side_effects="Headache, and headache on the day of the infusion.",
    )
    synonyms.seed_from_drugs()
    # Other pages, as on a real site: the names are rare words there, and "hours"
    # and "headache" common ones.
    for n in range(12):
        PublishedQuestionFactory(title=f"Hours of sleep and headache, part {n + 1}", body="Why?")
    # Every section carries the therapy's names, and the first one most of all:
    # the other words decide which section leads.
    assert result_links(visitor, "briumvi hours")[0] == "/drugs/ublituximab/#how-it-is-given"
    assert result_links(visitor, "ublituximab headache")[0] == "/drugs/ublituximab/#side-effects"
    # The names alone still lead to the top of the page.
    assert result_links(visitor, "briumvi")[0] == "/drugs/ublituximab/#what-it-is"


def test_a_synonym_of_a_therapys_name_counts_as_its_name(visitor: Client, infusion_day: str):
    Synonym.objects.create(terms="ocrelizumab, the b cell antibody")
    links = result_links(visitor, "the b cell antibody")
    assert links and links[0].startswith("/drugs/ocrelizumab/#")


def test_answers_lead_when_the_query_names_no_therapy(visitor: Client, infusion_day: str):
    links = result_links(visitor, "infusion day")
    assert links[0] == infusion_day
    # Tiredness is in the drug's text, and only there: it is still listed, after.
    assert result_links(visitor, "tiredness")[0].startswith("/drugs/ocrelizumab/#")


def test_a_word_in_a_title_outweighs_the_word_said_often_in_a_long_answer(visitor: Client):
    long_answer = " ".join(
        ["Heat makes symptoms worse for a while, and cooling helps."] * 12
        + ["Most of all, rest and drink water; walking aids help on long days."] * 30
    )
    buried = PublishedQuestionFactory(
        title="Cooling vests", body="Do they help?", answer_source=long_answer
    )
    titled = PublishedQuestionFactory(
        title="Heat and walking", body="Why do I limp?", answer_source="Rest."
    )
    # Published first: the date, which breaks ties, favours the long answer.
    titled.published_at = buried.published_at.replace(year=buried.published_at.year - 1)
    titled.save()
    links = result_links(visitor, "heat")
    assert links[:2] == [titled.get_absolute_url(), buried.get_absolute_url()]


def test_the_word_as_typed_outweighs_a_synonyms_word(visitor: Client):
    Synonym.objects.create(terms="tiredness, fatigue")
    typed = PublishedQuestionFactory(title="Tiredness after lunch", body="Why?")
    synonym = PublishedQuestionFactory(title="Fatigue after lunch", body="Why?")
    # The synonym's Q&A is the newer: without the rule the date would put it first.
    typed.published_at = synonym.published_at.replace(year=synonym.published_at.year - 1)
    typed.save()
    assert result_links(visitor, "tiredness")[:2] == [
        typed.get_absolute_url(),
        synonym.get_absolute_url(),
    ]
    assert result_links(visitor, "fatigue")[0] == synonym.get_absolute_url()


def test_a_synonym_is_never_expanded_to_a_word_most_entries_have(visitor: Client):
    # A moderator's group with an everyday word in it.
    Synonym.objects.create(terms="exercise, work")
    exercise = PublishedQuestionFactory(title="Is it safe to exercise?", body="With MS?")
    everyday = [
        PublishedQuestionFactory(
            title=f"Question {n}", body="Anything?", answer_source="It may work for you."
        )
        # Most of an index large enough for "most" to mean something.
        for n in range(20)
    ]
    assert "work" not in synonym_map()["exercise"]
    assert "work" in synonym_map()["work"]  # the term itself, when typed
    assert result_links(visitor, "exercise") == [exercise.get_absolute_url()]
    # Typed, the everyday word is searched as it is, and still finds the exercise
    # question through the group: only expanding *to* it is refused.
    html = visitor.get("/search/", {"q": "work"}).content.decode()
    assert f"{len(everyday) + 1} answers found" in html


def test_most_of_the_entries_written_last_decide_what_is_an_everyday_word(monkeypatch):
    # A sample of 25 stands in for the 2,000 entries of a large site.
    for backend in (postgres, sqlite):
        monkeypatch.setattr(backend, "COMMON_SAMPLE", 25)
    Synonym.objects.create(terms="exercise, work")
    for n in range(30):
        PublishedQuestionFactory(title=f"Older question {n}", body="Anything?")
    for n in range(24):
        PublishedQuestionFactory(
            title=f"Newer question {n}", body="Anything?", answer_source="It may work for you."
        )
    # In 24 of the 25 entries written last, though in fewer than half of all 54.
    assert "work" not in synonym_map()["exercise"]


def test_a_term_of_several_words_is_as_common_as_the_words_together():
    Synonym.objects.create(terms="fatigue, get tired")
    for n in range(24):
        PublishedQuestionFactory(
            title=f"Question {n}", body="Anything?", answer_source="I get up early; I am tired."
        )
    # Every entry has "get" and "tired", none "get tired": the phrase is rare.
    assert "get tired" in synonym_map()["fatigue"]
