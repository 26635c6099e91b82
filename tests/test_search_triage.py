"""Duplicates at triage, and the synonyms the clinic edits in the admin."""

from __future__ import annotations

import pytest

from questions.models import Question
from search.models import Synonym
from tests.conftest import client_for
from tests.factories import PublishedQuestionFactory, QuestionFactory
from tests.forms import change_url, question_change_form

pytestmark = pytest.mark.django_db
S = Question.Status


@pytest.fixture
def new_question(db):
    return QuestionFactory(
        title="Can I breastfeed on Ocrevus?", body="I want to nurse my baby after the birth."
    )


def test_the_moderator_sees_similar_published_and_waiting_questions(moderator, new_question):
    published = PublishedQuestionFactory(
        title="Breastfeeding after an Ocrevus infusion", body="Is it safe to nurse?"
    )
    PublishedQuestionFactory(title="Heat and fatigue", body="Summer is hard.")
    waiting = QuestionFactory(title="Nursing while on Ocrevus", body="Breastfeed my baby?")
    html = client_for(moderator).get(change_url(new_question)).content.decode()
    suggestions = html.split('id="duplicates-title"', 1)[1].split("</div>", 1)[0]
    assert f'href="{published.get_absolute_url()}"' in suggestions
    assert "Heat and fatigue" not in suggestions
    assert f'href="/admin/questions/question/{waiting.pk}/change/"' in suggestions
    # The published one is a choice of "Published Q&A it duplicates".
    assert f'name="transition_duplicate_of" value="{published.pk}"' in html


def test_declining_as_a_duplicate_of_a_suggestion_links_the_patient_to_it(
    moderator, visitor, settings
):
    from tests.test_admin_triage import submit

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    answered = PublishedQuestionFactory(title="Breastfeeding after Ocrevus", body="Safe?")
    question, token = submit("Nursing on Ocrevus", "Can I breastfeed after my Ocrevus infusion?")
    form = question_change_form(
        question,
        _transition="reject",
        transition_reason="duplicate",
        transition_duplicate_of=answered.pk,
        _confirmed="1",
    )
    client_for(moderator).post(change_url(question), form)
    question.refresh_from_db()
    assert (question.status, question.duplicate_of) == (S.REJECTED, answered)
    status = visitor.get(f"/ask/status/{token}/").content.decode()
    assert f'<a href="{answered.get_absolute_url()}">Breastfeeding after Ocrevus</a>' in status


def test_any_published_qa_can_be_chosen_by_its_address(moderator, new_question):
    other = PublishedQuestionFactory(title="Vitamin D dose", body="How much?")
    form = question_change_form(
        new_question,
        _transition="reject",
        transition_reason="duplicate",
        transition_duplicate_address=f"https://clinic.example/questions/{other.slug}/",
        _confirmed="1",
    )
    client_for(moderator).post(change_url(new_question), form)
    new_question.refresh_from_db()
    assert (new_question.status, new_question.duplicate_of) == (S.REJECTED, other)


def test_an_unknown_address_is_refused_with_everything_typed_kept(moderator, new_question):
    form = question_change_form(
        new_question,
        title="An edited title",
        _transition="reject",
        transition_reason="duplicate",
        transition_duplicate_address="/questions/no-such-answer/",
    )
    html = client_for(moderator).post(change_url(new_question), form).content.decode()
    assert "No published Q&amp;A has this address." in html
    assert 'value="An edited title"' in html and 'value="/questions/no-such-answer/"' in html
    new_question.refresh_from_db()
    assert new_question.status == S.NEW


def test_a_synonym_added_in_the_admin_is_used_by_the_next_search(moderator, visitor):
    PublishedQuestionFactory(title="Spasticity in the evening", body="Stiff legs.")
    assert "Spasticity in the evening" not in visitor.get("/search/?q=tightness").content.decode()
    response = client_for(moderator).post(
        "/admin/search/synonym/add/", {"terms": "tightness, spasticity", "note": "Lay word"}
    )
    assert response.status_code == 302
    assert "Spasticity in the evening" in visitor.get("/search/?q=tightness").content.decode()


def test_a_synonym_group_of_one_word_is_refused_with_the_text_kept(moderator):
    response = client_for(moderator).post(
        "/admin/search/synonym/add/", {"terms": "stiffness", "note": "Lay word"}
    )
    html = response.content.decode()
    assert "Write at least two words or phrases, separated by commas" in html
    assert 'value="stiffness"' in html and 'value="Lay word"' in html


def test_the_drug_reference_names_are_synonyms_from_the_start():
    assert Synonym.objects.filter(terms__contains="ocrevus").exists() is False  # none loaded yet
    from search.synonyms import seed_from_drugs
    from tests.factories import DrugFactory

    DrugFactory(generic_name="natalizumab", brand_names="Tysabri", biosimilars="Tyruko")
    assert seed_from_drugs() == 1
    assert Synonym.objects.filter(terms="natalizumab, tysabri, tyruko").exists()
