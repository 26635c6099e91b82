"""The Spanish drug reference, glossary and search cost a fixed number of queries,
however many entries are translated: no query per entry or per result."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache

from drugs.models import Drug, DrugTranslation, SideEffect
from glossary.models import Term, TermTranslation
from questions.services.reference_translations import (
    reference_translation_save,
    reference_translation_send,
    reference_translation_sign,
)
from tests.conftest import role
from tests.factories import DrugFactory, ExpertProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

# page -> queries on a cold cache, each listed. A Spanish sidebar is two: the
# categories' Spanish names, and the (category, month) counts of translated Q&As.
BUDGET = {
    # the published drugs; their Spanish translations; sidebar
    "drug list": 4,
    # the drug with its reviewer; its side effects; its Spanish translation with
    # its people; the translated Q&As that name it (none here: with some, one more
    # for their translations); the published glossary terms and their Spanish
    # translations (linking); sidebar
    "drug detail": 8,
    # the published terms; their Spanish translations; sidebar
    "glossary": 4,
    # the term with its reviewer; its Spanish translation with its people; sidebar
    "term": 4,
    # the Spanish vocabulary (synonym groups and therapies' names; their Spanish
    # names); the ranking; the rows (answers and drug sections together); sidebar;
    # the English sidebar (its total less the Spanish one's is the English-only note)
    "search": 7,
}


def sign(model, entry, texts, translator, signer):
    made = reference_translation_save(
        model=model, entry_id=entry.pk, language="es", actor=translator, texts=texts
    )
    reference_translation_send(model=model, translation_id=made.pk, actor=translator)
    reference_translation_sign(model=model, translation_id=made.pk, actor=signer)


def make_reference(size: int) -> tuple[Drug, Term]:
    translator = UserFactory(is_staff=True)
    translator.groups.add(role("Translators"))
    signer = ExpertProfileFactory(languages="en es").user
    signer.groups.add(role("Experts"))
    reviewer = ExpertProfileFactory()
    drugs, terms = [], []
    for n in range(size):
        drug = DrugFactory(generic_name=f"testumab{n}", reviewed_by=reviewer)
        SideEffect.objects.create(drug=drug, frequency=1, effect="Headache")
        texts = {key: f"Texto {key}" for key in DrugTranslation.english_texts(drug)}
        sign(DrugTranslation, drug, texts, translator, signer)
        term = Term.objects.create(
            name=f"word{n}",
            slug=f"word{n}",
            explanation="A plain explanation.",
            reviewed_by=reviewer,
            reviewed_on=datetime.date(2026, 10, 1),
            is_published=True,
        )
        sign(
            TermTranslation,
            term,
            {"name": f"palabra{n}", "explanation": "Una explicación."},
            translator,
            signer,
        )
        drugs.append(drug)
        terms.append(term)
    DrugFactory(generic_name="englishonlyumab", reviewed_by=reviewer)  # not translated
    return drugs[0], terms[0]


@pytest.mark.parametrize("size", [2, 20])
def test_spanish_reference_and_search_pages_cost_their_pinned_queries(
    visitor, django_assert_num_queries, django_capture_on_commit_callbacks, settings, size
):
    with django_capture_on_commit_callbacks(execute=True):  # indexed as after a commit
        drug, term = make_reference(size)
    # The page alone: the clinic's count of the search is written later, as in
    # production (its queries are pinned in tests/test_search_misses.py).
    settings.SEARCH_COUNTS_FLUSH_SECONDS = 600
    urls = {
        "drug list": "/es/drugs/",
        "drug detail": f"/es/drugs/{drug.slug}/",
        "glossary": "/es/glossary/",
        "term": f"/es/glossary/{term.slug}/",
        "search": "/es/search/?q=texto",
    }
    for page, url in urls.items():
        cache.clear()
        with django_assert_num_queries(BUDGET[page]):
            response = visitor.get(url)
        assert response.status_code == 200, page
        assert "not-translated" not in response.content.decode(), page
        with django_assert_num_queries(0):
            again = visitor.get(url)
        assert again.content == response.content, page
