""" "In short" and the urgent-advice box. The "In short" is signed with the
answer (part of the hash): an edit of it reaches the page only after a new
sign-off; it is plain text of at most three sentences. The urgent box is the
one styled block an answer may hold, written in plain Markdown."""

from __future__ import annotations

import pytest

from questions import services
from questions.models import Answer, Question
from tests.conftest import client_for
from tests.factories import PublishedQuestionFactory
from tests.forms import question_change_form
from tests.test_admin import published_by

pytestmark = pytest.mark.django_db

IN_SHORT = "Very little of the drug gets into breast milk. You can usually keep feeding."


def test_the_in_short_is_signed_with_the_answer_and_changes_only_with_a_new_sign_off(
    expert, colleague, visitor
):
    question = published_by(expert)
    change = f"/admin/questions/question/{question.pk}/change/"
    response = client_for(expert).post(change, question_change_form(question, summary=IN_SHORT))
    assert response.status_code == 302
    # Not signed yet: the page does not show it, and the admin says the draft differs.
    assert IN_SHORT not in visitor.get(question.get_absolute_url()).content.decode()
    assert (
        "The draft has changes that are not signed"
        in client_for(expert).get(change).content.decode()
    )

    services.question_submit_for_signoff(question_id=question.pk, actor=expert)
    services.question_sign_off(question_id=question.pk, actor=colleague)
    signed = Answer.objects.filter(question=question).latest()
    assert signed.summary == IN_SHORT and signed.content_is_intact()
    assert IN_SHORT in visitor.get(question.get_absolute_url()).content.decode()

    # A signed "In short" changed behind the signature no longer verifies.
    Answer.objects.filter(pk=signed.pk).update(summary="Stop feeding at once.")
    assert not Answer.objects.get(pk=signed.pk).content_is_intact()


def test_an_answer_signed_before_there_was_an_in_short_still_verifies(expert):
    question = published_by(expert)
    answer = Answer.objects.filter(question=question).latest()
    assert answer.summary == "" and answer.content_is_intact()
    assert not Question.objects.get(pk=question.pk).draft_differs_from_published()


def test_more_than_three_sentences_are_refused_with_what_was_typed_kept(expert):
    question = published_by(expert)
    four = "One point. Two points. Three points. Four points."
    response = client_for(expert).post(
        f"/admin/questions/question/{question.pk}/change/",
        question_change_form(question, summary=four),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "“In short” has 4 sentences: keep it to 3 or fewer" in html
    assert four in html
    assert Question.objects.get(pk=question.pk).summary == ""


def test_the_in_short_comes_first_under_the_title(visitor):
    question = PublishedQuestionFactory(summary=IN_SHORT, body="A long question " * 40)
    html = visitor.get(question.get_absolute_url()).content.decode()
    assert html.index("<h1") < html.index(IN_SHORT) < html.index('class="qa-question"')
    assert '<h2 id="in-short-label" class="qa-label">In short</h2>' in html


def test_without_an_in_short_the_page_has_no_empty_box(visitor):
    question = PublishedQuestionFactory()
    assert 'class="in-short"' not in visitor.get(question.get_absolute_url()).content.decode()


def test_the_in_short_is_plain_text_on_the_page(visitor):
    question = PublishedQuestionFactory(summary='Keep feeding. <script>alert("x")</script>')
    html = visitor.get(question.get_absolute_url()).content.decode()
    summary = html.split('<section class="in-short"', 1)[1].split("</section>", 1)[0]
    assert "Keep feeding. &lt;script&gt;alert(" in summary
    assert "<script" not in summary


URGENT = (
    "Most reactions are mild.\n\n"
    "Urgent: call 911 or go to an emergency department if:\n\n"
    "- you have trouble breathing\n- your face swells\n\n"
    "Headache is common."
)


def test_a_paragraph_starting_urgent_and_its_list_are_in_the_red_box(visitor):
    question = PublishedQuestionFactory(answer_source=URGENT)
    html = visitor.get(question.get_absolute_url()).content.decode()
    box = html.split('<div class="urgent-advice">', 1)[1].split("</div>", 1)[0]
    assert "call 911 or go to an emergency department if:" in box
    assert "<li>you have trouble breathing</li>" in box and "<li>your face swells</li>" in box
    assert "Most reactions are mild." not in box and "Headache is common." not in box


def test_nothing_else_of_its_kind_survives_sanitising(visitor):
    question = PublishedQuestionFactory(
        answer_source=(
            '<div class="urgent-advice" style="color:red" onclick="x()">Raw box</div>\n\n'
            '<div class="boxed">Other</div>\n\n<p class="urgent-advice">Not a div</p>\n\n'
            '<span class="urgent-advice">Span</span>'
        )
    )
    html = visitor.get(question.get_absolute_url()).content.decode()
    answer = html.split('<div class="answer-body">', 1)[1].split('<footer class="signature">', 1)[0]
    assert '<div class="urgent-advice">Raw box</div>' in answer
    for unsafe in ("style=", "onclick", 'class="boxed"', '<p class="urgent-advice"', "<span"):
        assert unsafe not in answer, unsafe
