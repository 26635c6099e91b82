"""Searching the signed answers and the drug reference."""

from __future__ import annotations

import pytest

from questions.models import Question
from search.index import question_changed
from tests.factories import DrugFactory, PublishedQuestionFactory, QuestionFactory, publish
from tests.translation_helpers import translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def answers(db):
    return [
        PublishedQuestionFactory(title="Breastfeeding after an Ocrevus infusion"),
        PublishedQuestionFactory(
            title="Heat makes my legs weak", answer_source="Cooling vests help."
        ),
    ]


def test_search_finds_published_answers_containing_every_word(visitor, answers):
    html = visitor.get("/search/?q=ocrevus+breastfeeding").content.decode()
    assert "Breastfeeding after an Ocrevus infusion" in html
    assert "Heat makes my legs weak" not in html
    assert "1 answer found" in html
    assert "Heat makes my legs weak" in visitor.get("/search/?q=COOLING").content.decode()


def test_spanish_words_on_the_english_search_are_offered_the_spanish_search_in_spanish(
    visitor, answers
):
    translate(answers[0])  # "La vacuna de la gripe es segura durante el tratamiento."
    question_changed(answers[0].pk)
    nothing = visitor.get("/search/?q=vacuna").content.decode()
    assert (
        '<p class="other-language-search" lang="es">¿Busca en español? '
        '<a href="/es/search/?q=vacuna" hreflang="es">'
        "Buscar en las respuestas firmadas en español</a>.</p>"
    ) in nothing
    # No offer where the Spanish answers have nothing either, nor where some
    # words find answers (even misspelt), nor on the Spanish search itself.
    for english in (
        "/search/?q=cansancio",
        "/search/?q=breastfeding",
        "/search/?q=cooling",
        "/search/?q=cooling+vacuna",
    ):
        assert "¿Busca en español?" not in visitor.get(english).content.decode(), english
    assert "¿Busca en español?" not in visitor.get("/es/search/?q=vacuna").content.decode()


def test_search_finds_drug_entries_by_brand_name(visitor, answers):
    DrugFactory(generic_name="ocrelizumab", brand_names="Ocrevus")
    html = visitor.get("/search/?q=ocrevus").content.decode()
    assert "In the drug reference" in html and 'href="/drugs/ocrelizumab/#what-it-is"' in html


def test_search_never_shows_unpublished_or_private_text(visitor, answers):
    hidden = QuestionFactory(title="Secret draft about ocrevus")
    withdrawn = publish(QuestionFactory(title="Withdrawn ocrevus answer"))
    withdrawn.status = Question.Status.WITHDRAWN
    withdrawn.save()
    html = visitor.get("/search/?q=ocrevus").content.decode()
    assert hidden.title not in html and withdrawn.title not in html
    # The patient's own wording and name are not searchable.
    assert "0 answers found" in visitor.get("/search/?q=Springfield").content.decode()
    assert "0 answers found" in visitor.get("/search/?q=Privatename").content.decode()


@pytest.mark.parametrize(
    "q", ["", "   ", "<script>alert(1)</script>", "%", "_", "a" * 5000, "\x00"]
)
def test_any_query_gives_a_page_and_is_echoed_escaped(visitor, answers, q):
    response = visitor.get("/search/", {"q": q})
    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content


def test_search_is_in_every_page_header(visitor, answers):
    html = visitor.get("/").content.decode()
    assert 'role="search"' in html and 'action="/search/"' in html


def test_search_costs_a_fixed_number_of_queries(visitor, django_assert_num_queries):
    for n in range(30):
        PublishedQuestionFactory(title=f"Fatigue answer {n}")
    # the ranked answers and drug sections in one; the page of Q&As; sidebar; then
    # the count for the clinic (ten, written at once in tests: tests/test_search_misses.py says which)
    with django_assert_num_queries(13):
        assert visitor.get("/search/?q=fatigue").status_code == 200
