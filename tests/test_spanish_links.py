"""Links to other Q&As on a page in Spanish (a Q&A's related Q&As, a drug
page's Q&As that name the therapy) name only Q&As translated into Spanish, by
their Spanish titles; a translation signed or taken down shows at once, though
the lists are kept apart from the page (core.parts)."""

from __future__ import annotations

import datetime
import re

import pytest

from core.cache import content_changed
from drugs.models import DrugTranslation
from questions.models import AnswerTranslation
from search.models import RelatedQuestion
from tests.drugs.conftest import LA, published_qa
from tests.factories import DrugFactory, PublishedQuestionFactory
from tests.translation_helpers import translate, translate_entry

pytestmark = pytest.mark.django_db


def links(html: str, section: str) -> list[str]:
    """The link texts of a page's section, in order."""
    part = html[html.index(section) :].split("</ul>")[0]
    return re.findall(r'<a href="/es/questions/[^"]+/">([^<]+)</a>', part)


def test_related_qas_in_spanish_are_the_translated_ones_by_their_spanish_titles(visitor):
    page = PublishedQuestionFactory(title="Can I exercise?")
    translate(page, title="¿Puedo hacer ejercicio?")
    first, untranslated, last = (
        PublishedQuestionFactory(title=title)
        for title in ("Is heat a problem?", "Can I swim?", "What helps fatigue?")
    )
    translate(first, title="¿Me afecta el calor?")
    translate(last, title="¿Qué ayuda con la fatiga?")
    RelatedQuestion.objects.filter(question=page).delete()  # those found when published
    for position, related in enumerate((first, untranslated, last)):
        RelatedQuestion.objects.create(question=page, related=related, position=position)
    url = f"/es/questions/{page.slug}/"

    for _ in range(2):  # built, then rebuilt from the kept list
        html = visitor.get(url).content.decode()
        assert links(html, 'class="related-questions"') == [
            "¿Me afecta el calor?",
            "¿Qué ayuda con la fatiga?",
        ]
        assert "Is heat a problem?" not in html
        assert "Can I swim?" not in html

    translate(untranslated, title="¿Puedo nadar?")
    AnswerTranslation.objects.filter(question=first).update(is_current=False)
    content_changed()  # as signing and taking down a translation do
    html = visitor.get(url).content.decode()
    assert links(html, 'class="related-questions"') == [
        "¿Puedo nadar?",
        "¿Qué ayuda con la fatiga?",
    ]


def test_a_spanish_drug_page_lists_the_translated_qas_naming_it_newest_first(visitor):
    drug = DrugFactory(generic_name="ocrelizumab", brand_names="Ocrevus")
    translate_entry(DrugTranslation, drug, {})
    older = published_qa(
        "What is an Ocrevus day like?", at=datetime.datetime(2026, 7, 15, 12, tzinfo=LA)
    )
    newer = published_qa(
        "Can I breastfeed on ocrelizumab?", at=datetime.datetime(2026, 9, 2, 12, tzinfo=LA)
    )
    published_qa("Is Ocrevus given at home?", at=datetime.datetime(2026, 10, 1, 12, tzinfo=LA))
    translate(older, title="¿Cómo es un día de Ocrevus?")
    translate(newer, title="¿Puedo amamantar con ocrelizumab?")
    content_changed()

    for _ in range(2):
        html = visitor.get("/es/drugs/ocrelizumab/").content.decode()
        assert links(html, 'class="drug-qa-list"') == [
            "¿Puedo amamantar con ocrelizumab?",
            "¿Cómo es un día de Ocrevus?",
        ]
        assert "Is Ocrevus given at home?" not in html


def test_a_related_qas_new_spanish_title_shows_at_once(visitor):
    page, other = (PublishedQuestionFactory(title=t) for t in ("Can I exercise?", "Is heat bad?"))
    translate(page, title="¿Puedo hacer ejercicio?")
    first = translate(other, title="¿Me afecta el calor?")
    RelatedQuestion.objects.filter(question=page).delete()  # those found when published
    RelatedQuestion.objects.create(question=page, related=other, position=0)
    url = f"/es/questions/{page.slug}/"
    assert links(visitor.get(url).content.decode(), 'class="related-questions"') == [
        "¿Me afecta el calor?"
    ]

    AnswerTranslation.objects.filter(pk=first.pk).update(is_current=False)
    translate(other, title="¿El calor empeora los síntomas?")
    content_changed()
    # The same Q&A is related: only its title in Spanish changed.
    assert links(visitor.get(url).content.decode(), 'class="related-questions"') == [
        "¿El calor empeora los síntomas?"
    ]
