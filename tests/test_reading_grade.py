"""The reading grade: shown to clinicians in the editor and the preview,
with the longest sentences; guidance, never a block."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from django.conf import settings

from core.readability import reading
from core.text import render_answer
from questions import services
from questions.demo_files import unwrap
from questions.models import Question
from tests.conftest import client_for
from tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db

PLAIN = "MS is a long-term illness. It can affect how you move and see.\n\nAsk your team."
DENSE = (
    "Immunomodulatory monoclonal antibody therapies administered intravenously necessitate "
    "comprehensive pretreatment laboratory evaluation, including hepatitis serologies and "
    "quantitative immunoglobulin determinations, alongside individualized consideration of "
    "vaccination scheduling relative to anticipated lymphocyte depletion.\n\n"
    "Ask your team."
)


def assigned(answer: str, author) -> Question:
    question = QuestionFactory(answer_source=answer)
    Question.objects.filter(pk=question.pk).update(
        status=Question.Status.ASSIGNED, expert=author.expert_profile
    )
    return Question.objects.get(pk=question.pk)


def test_plain_words_read_at_a_low_grade_and_dense_ones_at_a_high_one():
    assert reading(render_answer(PLAIN)).grade <= 4
    dense = reading(render_answer(DENSE))
    assert dense.grade >= 16
    assert dense.longest[0] == (
        29,
        "Immunomodulatory monoclonal antibody therapies administered intravenously "
        "necessitate comprehensive pretreatment laboratory evaluation, including hepatitis "
        "serologies and quantitative immunoglobulin determinations, alongside individualized "
        "consideration of vaccination scheduling relative to anticipated lymphocyte depletion.",
    )


def test_list_items_without_full_stops_are_not_read_as_one_long_sentence():
    result = reading(render_answer("Bring these:\n\n* a snack\n* a book\n* your medicines list"))
    assert result.longest[0][0] == 3


def test_an_empty_answer_has_no_grade():
    assert reading("") is None


def test_the_editor_shows_the_grade_the_guidance_and_the_longest_sentences(expert):
    question = assigned(DENSE, expert)
    page = client_for(expert).get(f"/admin/questions/question/{question.pk}/change/")
    html = page.content.decode()
    assert "Reading grade" in html
    assert "Above the aim: Grade 8 or lower reads well for most people." in html
    assert "Immunomodulatory monoclonal antibody therapies" in html
    assert "(29 words)" in html


def test_a_plain_answer_is_praised_without_a_list_of_sentences(expert):
    question = assigned(PLAIN, expert)
    html = client_for(expert).get(f"/admin/questions/question/{question.pk}/change/")
    html = html.content.decode()
    assert "Good: Grade 8 or lower reads well for most people." in html
    assert "The longest sentences" not in html


def test_the_preview_shows_the_grade_too(expert):
    question = assigned(DENSE, expert)
    html = client_for(expert).get(f"/admin/questions/question/{question.pk}/preview/")
    html = html.content.decode()
    assert "Above the aim: Grade 8 or lower reads well for most people." in html
    assert "(29 words)" in html


def test_a_hard_answer_can_still_be_sent_for_sign_off(expert):
    question = assigned(DENSE, expert)
    services.question_submit_for_signoff(question_id=question.pk, actor=expert)
    question.refresh_from_db()
    assert question.status == "awaiting_signoff"


# Measured for the report; each demo answer was written to read at grade 8 or lower.
DEMO_GRADES_AT_MOST = 8


@pytest.mark.parametrize(
    "path",
    sorted((Path(settings.BASE_DIR) / "questions/demo/qas").glob("*.md")),
    ids=lambda p: p.name[:2],
)
def test_every_demo_answer_reads_at_grade_8_or_lower(path):
    text = path.read_text(encoding="utf-8")
    header, answer = text[4:].split("\n+++\n", 1)
    answers = [answer]
    revision = tomllib.loads(header).get("revision")
    if revision:
        answers.append(unwrap(revision["answer"]))  # the version the public reads
    graded = [result for result in map(reading, map(render_answer, answers)) if result]
    if not graded:
        pytest.skip("no answer (a declined or new question)")
    for result in graded:
        assert result.grade <= DEMO_GRADES_AT_MOST, (path.name, result.grade, result.longest[0])
