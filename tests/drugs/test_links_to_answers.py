"""Therapies and Q&As link to each other from the signed text."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.core.management import call_command

from core.text import render_answer
from drugs import services
from drugs.models import DrugMention
from questions.models import Answer, Question, signed_content_hash
from tests.conftest import client_for
from tests.drugs.conftest import LA, admin_form, published_qa
from tests.factories import (
    DrugFactory,
    ExpertProfileFactory,
    QuestionFactory,
)

pytestmark = pytest.mark.django_db


# -- links between therapies and Q&As --------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "My neurologist suggested Ocrevus.",
        "Is ocrevus safe while breastfeeding?",
        "OCREVUS, twice a year",
        "I switched to ocrelizumab (the generic name) last year.",
        "Ocrevus's infusions are long.",
        "(Ocrevus)",
        "Ocrevus Zunovo is given under the skin.",
    ],
)
def test_a_qa_naming_a_therapy_in_any_case_links_to_it(reference, text):
    question = published_qa("About my treatment", answer=text)
    assert set(question.drugs.values_list("slug", flat=True)) == {"ocrelizumab"}


@pytest.mark.parametrize(
    "text",
    [
        "Ocrevusfoo is not a medicine.",
        "The preocrevus era.",
        "Tysabrix and Rituxanol are made up.",
        "Our ocrelizumabs study.",
        "A plasma-exchangeable fluid.",
    ],
)
def test_a_word_that_only_contains_a_name_does_not_link(reference, text):
    question = published_qa("About my treatment", answer=text)
    assert not question.drugs.exists()


def test_names_are_found_in_title_question_and_answer_and_across_formatting(reference):
    question = published_qa(
        "Should I ask about Tysabri?",
        body="My friend had plasma\nexchange last year.",
        answer="Your team may suggest **Rituxan** or *IV steroids* for a relapse.",
    )
    assert set(question.drugs.values_list("slug", flat=True)) == {
        "natalizumab",
        "plasma-exchange",
        "rituximab",
        "methylprednisolone",
    }


def test_only_the_signed_text_counts_not_a_later_draft(reference):
    question = published_qa("Treatment question", answer="Ocrevus is one option.")
    question.answer_source = "Tysabri is another option."
    question.save()
    services.link_question(question.pk)
    assert list(question.drugs.values_list("slug", flat=True)) == ["ocrelizumab"]


def test_a_resigned_answer_is_linked_again(reference):
    question = published_qa("Treatment question", answer="Ocrevus is one option.")
    expert = ExpertProfileFactory()
    html = render_answer("Tysabri is the option now.")
    answer = Answer.objects.create(
        question=question,
        question_title=question.title,
        question_text=question.body,
        body_html=html,
        signer=expert,
        signed_by=expert.user,
        signature_block=expert.signature_block(),
        sha256=signed_content_hash(question.title, question.body, html),
    )
    Question.objects.filter(pk=question.pk).update(published_answer=answer)
    services.link_question(question.pk)
    assert list(question.drugs.values_list("slug", flat=True)) == ["natalizumab"]


def test_a_question_that_is_not_published_names_nothing(reference):
    question = QuestionFactory(title="Is Ocrevus for me?")
    assert services.link_question(question.pk) == set()
    published = published_qa("Is Tysabri for me?")
    Question.objects.filter(pk=published.pk).update(status=Question.Status.WITHDRAWN)
    assert services.link_question(published.pk) == set()
    assert not DrugMention.objects.exists()


def test_drug_page_lists_the_published_qas_that_name_it_newest_first(visitor, reference):
    older = published_qa(
        "What is an Ocrevus day like?", at=datetime.datetime(2026, 7, 15, 12, tzinfo=LA)
    )
    newer = published_qa(
        "Can I breastfeed on ocrelizumab?", at=datetime.datetime(2026, 9, 2, 12, tzinfo=LA)
    )
    published_qa("Why am I tired?", answer="Fatigue is common in MS.")
    html = visitor.get("/drugs/ocrelizumab/").content.decode()
    links = re.findall(r'<a href="(/questions/[^"]+/)">([^<]+)</a>', html)
    assert links == [
        (newer.get_absolute_url(), "Can I breastfeed on ocrelizumab?"),
        (older.get_absolute_url(), "What is an Ocrevus day like?"),
    ]


def test_unpublished_qas_are_not_listed_on_the_drug_page(visitor, reference):
    withdrawn = published_qa("Was Tysabri right for me?")
    Question.objects.filter(pk=withdrawn.pk).update(status=Question.Status.WITHDRAWN)
    # A stale link row must not leak a Q&A that is no longer public either.
    assert DrugMention.objects.filter(question=withdrawn).exists()
    html = visitor.get("/drugs/natalizumab/").content.decode()
    assert "Was Tysabri right for me?" not in html
    assert "None of our published answers mentions natalizumab yet." in html


def test_qa_page_links_to_the_published_therapies_it_names(visitor, reference):
    question = published_qa(
        "Ocrevus or Hushvio?", answer="Both ocrelizumab and secretumab remove B cells."
    )
    html = visitor.get(question.get_absolute_url()).content.decode()
    box = html[html.index('<section class="drug-mentions"') :]
    box = box[: box.index("</section>")]
    assert "Therapies mentioned in this answer" in box
    assert '<a href="/drugs/ocrelizumab/">Ocrelizumab (Ocrevus, Ocrevus Zunovo)</a>' in box
    assert "secretumab" not in box.lower()
    assert html.index('class="disclaimer"') < html.index('class="drug-mentions"')


def test_qa_page_without_therapies_has_no_box(visitor, reference):
    question = published_qa("Why am I tired?", answer="Fatigue is common in MS.")
    assert "drug-mentions" not in visitor.get(question.get_absolute_url()).content.decode()


def test_changing_a_therapys_names_in_the_admin_relinks_it(reference, expert):
    ofatumumab = DrugFactory(generic_name="ofatumumab", reviewed_by=expert.expert_profile)
    question = published_qa("Is Kesimpta an infusion?", answer="No, it is an injection.")
    assert not question.drugs.exists()
    client = client_for(expert)

    url = f"/admin/drugs/drug/{ofatumumab.pk}/change/"
    response = client.post(url, admin_form(ofatumumab, brand_names="Kesimpta"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(question.drugs.all()) == [ofatumumab]

    ofatumumab.refresh_from_db()
    response = client.post(url, admin_form(ofatumumab, brand_names="Arzerra"))
    assert response.status_code == 302
    assert not question.drugs.exists()


def test_a_therapy_added_in_the_admin_links_existing_qas(reference, expert):
    question = published_qa("What is Briumvi?")
    template = DrugFactory.build(
        generic_name="ublituximab", slug="ublituximab", brand_names="Briumvi"
    )
    data = admin_form(template, reviewed_by=expert.expert_profile.pk)
    response = client_for(expert).post("/admin/drugs/drug/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(question.drugs.values_list("slug", flat=True)) == ["ublituximab"]


def test_relink_drugs_command_recomputes_every_link(reference):
    question = published_qa("Tysabri and plasmapheresis")
    DrugMention.objects.all().delete()
    DrugMention.objects.create(drug=reference["ocrelizumab"], question=question)
    call_command("relink_drugs", stdout=io.StringIO())
    assert set(question.drugs.values_list("slug", flat=True)) == {
        "natalizumab",
        "plasma-exchange",
    }
