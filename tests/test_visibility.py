"""Only published Q&As reach the public: pages, sidebar counts, feeds, sitemap."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import feedparser
import pytest
from django.test import Client

from questions.models import Question
from tests.conftest import client_for
from tests.factories import CategoryFactory, PublishedQuestionFactory, QuestionFactory, publish

pytestmark = pytest.mark.django_db
LA = ZoneInfo("America/Los_Angeles")
PUBLIC_URLS = [
    "/",
    "/questions/",
    "/archive/2024/09/",
    "/category/treatment/",
    "/feeds/latest/",
    "/feeds/category/treatment/",
    "/sitemap.xml",
]


@pytest.fixture
def mixed(db):
    """One published Q&A, and one in every other state, in the same month and category."""
    category = CategoryFactory(name="Treatment", slug="treatment")
    at = datetime.datetime(2024, 9, 10, 12, tzinfo=LA)
    visible = PublishedQuestionFactory(
        title="Visible published answer", category=category, published=at
    )
    hidden = []
    for status in Question.Status:
        if status == Question.Status.PUBLISHED:
            continue
        question = QuestionFactory(title=f"Hidden {status.label} question", category=category)
        if status in (Question.Status.WITHDRAWN, Question.Status.SIGNED_OFF):
            publish(question, at=at)  # it had a signed, even public, version once
        question.status = status
        question.reject_reason = "duplicate" if status == Question.Status.REJECTED else ""
        question.save()
        hidden.append(question)
    return visible, hidden


def test_only_published_questions_appear_anywhere_public(visitor: Client, mixed):
    visible, hidden = mixed
    for url in PUBLIC_URLS:
        body = visitor.get(url).content.decode()
        assert visible.title in body or visible.slug in body, url
        for question in hidden:
            assert question.title not in body, (url, question.status)
            if question.slug:
                assert question.slug not in body, (url, question.status)


def test_sidebar_counts_only_published(visitor: Client, mixed):
    html = visitor.get("/").content.decode()
    assert 'September 2024 <span class="count">(1)</span>' in html
    assert 'Treatment <span class="count">(1)</span>' in html
    assert 'All <span class="count">(1)</span>' in html


def test_unpublished_question_is_404_for_the_public_with_no_hint(visitor: Client, mixed):
    _, hidden = mixed
    withdrawn = next(q for q in hidden if q.status == Question.Status.WITHDRAWN)
    response = visitor.get(f"/questions/{withdrawn.slug}/")
    assert response.status_code == 404
    assert withdrawn.title.encode() not in response.content
    # Same answer as for a slug that never existed.
    assert visitor.get("/questions/never-existed/").status_code == 404


def test_staff_can_preview_a_withdrawn_question(mixed, moderator):
    _, hidden = mixed
    withdrawn = next(q for q in hidden if q.status == Question.Status.WITHDRAWN)
    response = client_for(moderator).get(f"/questions/{withdrawn.slug}/")
    assert response.status_code == 200
    assert b"Staff preview" in response.content
    assert b"not shown to the public" in response.content


def test_a_month_with_only_unpublished_questions_is_404(visitor: Client):
    question = QuestionFactory(title="Drafted in March")
    question.submitted_at = datetime.datetime(2025, 3, 5, tzinfo=LA)
    question.save()
    assert visitor.get("/archive/2025/03/").status_code == 404


def test_feed_lists_only_published(visitor: Client, mixed):
    feed = feedparser.parse(visitor.get("/feeds/latest/").content)
    assert [entry.title for entry in feed.entries] == ["Visible published answer"]
