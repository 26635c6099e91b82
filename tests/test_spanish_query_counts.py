"""The Spanish drug reference, glossary and search cost a fixed number of queries,
however many entries are translated: no query per entry or per result."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from drugs.models import Drug, DrugTranslation, SideEffect
from glossary.models import Term, TermTranslation
from questions.models import Comment, CommentReply
from questions.services.reference_translations import (
    reference_translation_save,
    reference_translation_send,
    reference_translation_sign,
)
from tests.conftest import role
from tests.factories import (
    CategoryFactory,
    DrugFactory,
    ExpertProfileFactory,
    QuestionFactory,
    UserFactory,
    publish,
)
from tests.translation_helpers import translate

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


# Spanish Q&A pages: page -> queries on a cold cache. A Spanish sidebar is two
# (above); the English sidebar, one, gives the count of English-only answers.
QA_BUDGET = {
    # the latest translated Q&As with answer, category, comment count; their
    # Spanish translations; sidebar; English sidebar
    "home": 5,
    # the page of translated Q&As (the count is the sidebar's); their
    # translations; sidebar; English sidebar
    "list": 5,
    "month": 5,
    # sidebar (it knows the category and its count); the page of Q&As; their
    # translations; English sidebar
    "category": 5,
    # the Q&A with its signed answer and category; its Spanish translation with
    # the English it follows and its people; its Spanish comments, each saying
    # whether it has a reply; those replies with their clinicians; the
    # therapies it names; sidebar; the published glossary terms in Spanish;
    # its related Q&As that are translated, with their Spanish titles
    "detail": 9,
}


@pytest.mark.parametrize("size", [2, 20])
def test_spanish_qa_pages_cost_their_pinned_queries(visitor, django_assert_num_queries, size):
    category = CategoryFactory(name="Treatment", slug="treatment")
    expert = ExpertProfileFactory()
    questions = [publish(QuestionFactory(category=category), expert=expert) for _ in range(size)]
    for question in questions:
        translate(question)
    first = questions[0]
    comments = Comment.objects.bulk_create(
        Comment(
            question=q, author_name="Una lectora", body="Gracias", status="approved", language="es"
        )
        for q in questions
        for _ in range(2)
    )
    CommentReply.objects.create(
        comment=comments[0], author=expert.user, expert=expert, signed_as="Dr. Ana", body="De nada."
    )
    month = timezone.localtime(first.published_at)
    urls = {
        "home": "/es/",
        "list": "/es/questions/",
        "month": f"/es/archive/{month:%Y/%m}/",
        "category": "/es/category/treatment/",
        "detail": f"/es{first.get_absolute_url()}",
    }
    for page, url in urls.items():
        cache.clear()
        with django_assert_num_queries(QA_BUDGET[page]):
            response = visitor.get(url)
        assert response.status_code == 200, page
        if page == "detail":  # the comments and the reply counted above are on the page
            assert "Gracias" in response.content.decode()
            assert "De nada." in response.content.decode()
        with django_assert_num_queries(0):
            assert visitor.get(url).content == response.content, page
