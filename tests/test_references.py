"""An answer's sources: edited beside it in the admin, signed with it, shown
under it and given to search engines as citations."""

from __future__ import annotations

import datetime
import hashlib
import re

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache

from questions import services
from questions.models import Answer, Question, Reference
from tests.conftest import client_for, json_ld
from tests.factories import ExpertProfileFactory, QuestionFactory, publish
from tests.forms import question_change_form

pytestmark = pytest.mark.django_db

LABEL = {
    "title": "OCREVUS (ocrelizumab) US prescribing information",
    "publisher": "US Food and Drug Administration",
}


def assigned_to(author) -> Question:
    question = QuestionFactory(title="What happens on an Ocrevus infusion day?")
    Question.objects.filter(pk=question.pk).update(
        status=Question.Status.ASSIGNED, expert=author.expert_profile
    )
    return Question.objects.get(pk=question.pk)


def signed_and_published(question: Question, author, signer) -> Question:
    services.question_submit_for_signoff(question_id=question.pk, actor=author)
    services.question_sign_off(question_id=question.pk, actor=signer)
    services.question_publish(question_id=question.pk, actor=signer)
    return Question.objects.get(pk=question.pk)


def test_sources_are_signed_with_the_answer_and_shown_under_it_in_order(expert, colleague, visitor):
    question = assigned_to(colleague)
    Reference.objects.create(question=question, position=2, title="The ORATORIO trial")
    Reference.objects.create(question=question, position=1, **LABEL)
    question = signed_and_published(question, colleague, expert)
    answer = question.published_answer
    assert [ref["title"] for ref in answer.references] == [
        "OCREVUS (ocrelizumab) US prescribing information",
        "The ORATORIO trial",
    ]
    assert answer.content_is_intact()
    html = visitor.get(question.get_absolute_url()).content.decode()
    sources = html.split('aria-labelledby="references-title">')[1].split("</section>")[0]
    assert re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", sources)).strip() == (
        "Sources "
        "OCREVUS (ocrelizumab) US prescribing information. US Food and Drug Administration. "
        "The ORATORIO trial."
    )


def test_a_change_to_the_sources_needs_a_new_sign_off_before_the_public_sees_it(
    expert, colleague, visitor
):
    question = signed_and_published(assigned_to(colleague), colleague, expert)
    signed_hash = question.published_answer.sha256
    Reference.objects.create(question=question, position=1, **LABEL)
    question.refresh_from_db()
    assert question.draft_sha256() != signed_hash  # the sources are part of what is signed
    html = visitor.get(question.get_absolute_url()).content.decode()
    assert "US prescribing information" not in html  # not signed yet
    services.question_submit_for_signoff(question_id=question.pk, actor=colleague)
    services.question_sign_off(question_id=question.pk, actor=expert)
    cache.clear()
    html = visitor.get(question.get_absolute_url()).content.decode()
    assert "OCREVUS (ocrelizumab) US prescribing information" in html
    assert "<strong>Updated" in html


def test_tampering_with_signed_sources_breaks_the_hash(expert, colleague):
    question = signed_and_published(assigned_to(colleague), colleague, expert)
    answer = question.published_answer
    answer.references = [
        {
            "title": "A source nobody signed",
            "publisher": "",
            "url": "",
            "doi": "",
            "pmid": "",
            "accessed": "",
        }
    ]
    assert not answer.content_is_intact()


def test_an_answer_without_sources_keeps_the_hash_it_had_before_sources_existed():
    from questions.models import signed_content_hash

    # The hash as answers were signed before they had sources: each part length-prefixed.
    before = hashlib.sha256(b"5:Title8:Question13:<p>Answer</p>").hexdigest()
    assert signed_content_hash("Title", "Question", "<p>Answer</p>", []) == before
    assert signed_content_hash("Title", "Question", "<p>Answer</p>", [LABEL]) != before


def test_links_and_citations_carry_what_was_given_and_nothing_invented(expert, colleague, visitor):
    question = assigned_to(colleague)
    Reference.objects.create(
        question=question,
        position=1,
        title="A trial report",
        publisher="A journal",
        doi="10.1000/example.1",
        pmid="12345",
        accessed_on=datetime.date(2026, 11, 2),
    )
    Reference.objects.create(question=question, position=2, **LABEL)
    question = signed_and_published(question, colleague, expert)
    html = visitor.get(question.get_absolute_url()).content.decode()
    assert (
        '<a href="https://doi.org/10.1000/example.1" rel="noopener">10.1000/example.1</a>' in html
    )
    assert '<a href="https://pubmed.ncbi.nlm.nih.gov/12345/" rel="noopener">12345</a>' in html
    assert 'Accessed <time datetime="2026-11-02">November 2, 2026</time>.' in html
    assert json_ld(html)["citation"] == [
        {
            "@type": "CreativeWork",
            "name": "A trial report",
            "publisher": {"@type": "Organization", "name": "A journal"},
            "url": "https://doi.org/10.1000/example.1",
            "identifier": ["doi:10.1000/example.1", "pmid:12345"],
        },
        {
            "@type": "CreativeWork",
            "name": "OCREVUS (ocrelizumab) US prescribing information",
            "publisher": {"@type": "Organization", "name": "US Food and Drug Administration"},
        },
    ]


def reference_rows(*rows: dict) -> dict[str, str]:
    data = {"references-TOTAL_FORMS": str(len(rows)), "references-INITIAL_FORMS": "0"}
    for number, row in enumerate(rows):
        for name, value in row.items():
            data[f"references-{number}-{name}"] = value
    return data


def test_sources_are_added_in_the_admin_beside_the_answer(expert):
    question = assigned_to(expert)
    client = client_for(expert)
    url = f"/admin/questions/question/{question.pk}/change/"
    page = client.get(url).content.decode()
    assert "Sources of the answer (signed with it; shown under the answer)" in page
    form = question_change_form(question) | reference_rows(
        {"position": "1", "title": LABEL["title"], "publisher": LABEL["publisher"]}
    )
    response = client.post(url, form)
    assert response.status_code == 302
    assert list(Reference.objects.filter(question=question).values_list("title", flat=True)) == [
        "OCREVUS (ocrelizumab) US prescribing information"
    ]


def test_a_bad_source_keeps_everything_typed_and_saves_nothing(expert):
    question = assigned_to(expert)
    client = client_for(expert)
    url = f"/admin/questions/question/{question.pk}/change/"
    form = question_change_form(
        question, answer_source="My new answer, typed with care.", _transition="submit_for_signoff"
    ) | reference_rows(
        {"position": "1", "title": "A trial report", "doi": "not a doi", "pmid": "PM12"}
    )
    response = client.post(url, form)
    assert response.status_code == 200
    page = response.content.decode()
    assert "A DOI starts with 10. and a slash" in page
    assert "A PubMed ID is a number of up to nine digits." in page
    assert 'value="A trial report"' in page
    assert 'value="not a doi"' in page
    assert "My new answer, typed with care." in page
    question.refresh_from_db()
    assert question.status == "assigned"
    assert question.answer_source != "My new answer, typed with care."
    assert not Reference.objects.exists()


def test_a_source_edited_by_a_clinician_cannot_then_be_signed_by_them_alone(expert, colleague):
    question = signed_and_published(assigned_to(colleague), colleague, expert)
    client = client_for(expert)
    url = f"/admin/questions/question/{question.pk}/change/"
    client.post(
        url,
        question_change_form(question) | reference_rows({"position": "1", "title": LABEL["title"]}),
    )
    services.question_submit_for_signoff(question_id=question.pk, actor=expert)
    with pytest.raises(services.TransitionNotAllowed, match="so a colleague signs it"):
        services.question_sign_off(question_id=question.pk, actor=expert)
    third = ExpertProfileFactory(user__username="third")
    third.user.groups.add(Group.objects.get(name="Experts"))
    answer = services.question_sign_off(question_id=question.pk, actor=third.user)
    assert answer.references[0]["title"] == LABEL["title"]


def test_the_qa_page_costs_the_same_queries_with_3_or_30_sources(
    visitor, django_assert_num_queries
):
    for size in (3, 30):
        question = QuestionFactory()
        publish(question, expert=ExpertProfileFactory())
        references = [
            {
                "title": f"Source {n}",
                "publisher": "",
                "url": "",
                "doi": "",
                "pmid": "",
                "accessed": "",
            }
            for n in range(size)
        ]
        answer = question.published_answer
        Answer.objects.filter(pk=answer.pk).update(references=references)
        cache.clear()
        # the Q&A with its signed answer (and its sources) and category; its approved
        # comments (none, so no query for replies); the therapies it names; its related
        # Q&As; the published glossary terms; sidebar
        with django_assert_num_queries(6):
            html = visitor.get(question.get_absolute_url()).content.decode()
        assert html.count("<li>") >= size
        assert f"Source {size - 1}" in html
