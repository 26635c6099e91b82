"""A search result is dated by its Q&A's publication date. The page reads the
date from the Q&A itself; the index keeps a copy only to order the newest
matches, and these tests prove that copy agrees with the Q&A after every way
content is loaded: the demo, publishing and re-signing through the services, and
a bulk load followed by a rebuild of the index."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from questions import services
from questions.models import Question
from search.models import SearchEntry
from tests.factories import PublishedQuestionFactory, QuestionFactory
from tests.test_search_evaluation import demo_site  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db


def disagreeing() -> list[tuple[int, object, object]]:
    """The Q&As whose search entry holds another date than the Q&A."""
    entries = SearchEntry.objects.filter(kind=SearchEntry.Kind.ANSWER).select_related("question")
    wrong = [
        (e.question_id, e.published_at, e.question.published_at)
        for e in entries
        if e.question is None or e.published_at != e.question.published_at
    ]
    assert entries.exists()
    return wrong


def shown_dates(visitor: Client, query: str) -> dict[str, str]:
    """Each answer's link on the results page and the date shown under it."""
    html = visitor.get("/search/", {"q": query}).content.decode()
    return dict(
        re.findall(
            r'<a href="(/questions/[^"]+)"[^>]*>[^<]*</a></h3>\s*<p class="qa-meta">'
            r'<time datetime="(\d{4}-\d\d-\d\d)"',
            html,
        )
    )


def test_the_demo_is_indexed_with_its_qas_dates_and_shown_with_them(
    demo_site: None,  # noqa: F811
    visitor: Client,
) -> None:
    assert disagreeing() == []
    shown = shown_dates(visitor, "ms")
    assert shown
    for question in Question.objects.published():
        url = question.get_absolute_url()
        if url in shown:
            assert shown[url] == timezone.localtime(question.published_at).strftime("%Y-%m-%d")
    # Not every demo Q&A was published the day it was loaded.
    assert len(set(shown.values())) > 1


def test_publishing_and_re_signing_through_the_services_keep_the_dates_agreeing(
    visitor: Client, expert, colleague, moderator, django_capture_on_commit_callbacks
) -> None:
    question = QuestionFactory(title="Numb hands in the morning", answer_source="Often sleep.")
    services.question_assign(question_id=question.pk, actor=moderator, expert=expert.expert_profile)
    services.question_submit_for_signoff(question_id=question.pk, actor=expert)
    services.question_sign_off(question_id=question.pk, actor=colleague)
    with django_capture_on_commit_callbacks(execute=True):
        services.question_publish(question_id=question.pk, actor=expert)
    assert disagreeing() == []

    question.refresh_from_db()
    question.title = "Numb hands and feet in the morning"
    question.save()
    services.question_submit_for_signoff(question_id=question.pk, actor=colleague)
    with django_capture_on_commit_callbacks(execute=True):
        services.question_sign_off(question_id=question.pk, actor=expert)
    assert disagreeing() == []


def test_the_page_shows_the_qas_date_even_when_it_is_moved_without_the_index(
    visitor: Client,
) -> None:
    question = PublishedQuestionFactory(title="Cold feet at night", body="Why?")
    october = timezone.make_aware(datetime.datetime(2026, 10, 14, 12))
    # As a bulk correction would, bypassing the services and so the index.
    Question.objects.filter(pk=question.pk).update(published_at=october)
    assert shown_dates(visitor, "cold feet")[question.get_absolute_url()] == "2026-10-14"


def test_a_bulk_load_and_a_rebuild_keep_the_dates_agreeing(visitor: Client) -> None:
    call_command(
        "generate_large_dataset",
        questions=30,
        comments=0,
        pending=0,
        categories=2,
        years=2,
        stdout=io.StringIO(),
    )
    call_command("rebuild_search_index", stdout=io.StringIO())
    published = Question.objects.published().count()
    assert published >= 30
    english = SearchEntry.objects.filter(kind=SearchEntry.Kind.ANSWER, language="en")
    assert english.count() == published
    assert disagreeing() == []
