"""What a visitor reads: every public URL answers, and a Q&A reads like the clinic's blog."""

from __future__ import annotations

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from questions import services
from tests.factories import (
    CategoryFactory,
    CommentFactory,
    PublishedQuestionFactory,
    QuestionFactory,
    publish,
)

pytestmark = pytest.mark.django_db
LA = ZoneInfo("America/Los_Angeles")


@pytest.fixture
def answered(db):
    category = CategoryFactory(name="Infusion therapies", slug="infusion-therapies")
    question = QuestionFactory(
        title="Can I breastfeed after an Ocrevus infusion?",
        body="My last infusion was three months before I became pregnant.",
        answer_source="Ocrelizumab is a large protein.\n\nVery little reaches breast milk.",
        category=category,
    )
    return publish(question, at=datetime.datetime(2024, 9, 12, 10, 0, tzinfo=LA))


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/questions/",
        "/archive/",
        "/archive/2024/09/",
        "/category/infusion-therapies/",
        "/feeds/latest/",
        "/feeds/category/infusion-therapies/",
        "/sitemap.xml",
        "/robots.txt",
    ],
)
def test_every_public_url_answers(visitor: Client, answered, url: str):
    assert visitor.get(url).status_code == 200


def test_question_page_reads_like_the_clinic_blog(visitor: Client, answered):
    response = visitor.get(answered.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    html = html[html.index('id="main"') :]
    assert "<h1" in html and "Can I breastfeed after an Ocrevus infusion?" in html
    order = [
        "Here is my question:",
        "My last infusion was three months before I became pregnant.",
        "Answer:",
        "Very little reaches breast milk.",
        "Dana Example",
        "Professor of Neurology",
        "Virtual MS Center",
        "not for emergencies",
        "0 Comments",
    ]
    positions = [html.index(text) for text in order]
    assert positions == sorted(positions), (
        "the page should read question, answer, signature, disclaimer, comments"
    )
    assert "September 12, 2024" in html
    assert "Updated" not in html


def test_question_page_shows_updated_date_after_a_re_sign(
    visitor: Client, answered, expert, colleague, django_capture_on_commit_callbacks
):
    # A clinician corrects the published answer and sends it; a colleague signs it.
    answered.answer_source = "Ocrelizumab is a large protein.\n\nAlmost none reaches breast milk."
    answered.save()
    services.question_submit_for_signoff(question_id=answered.pk, actor=expert)
    with django_capture_on_commit_callbacks(execute=True):
        services.question_sign_off(question_id=answered.pk, actor=colleague)
    today = timezone.localdate()

    html = visitor.get(answered.get_absolute_url()).content.decode()
    seen = " ".join(re.sub(r"<[^>]+>", " ", html).split())  # the words, as a reader sees them
    assert "Almost none reaches breast milk." in seen
    assert f"Updated {today:%B} {today.day}, {today.year}" in seen
    assert "September 12, 2024" in seen, "first published then, and still in that month"


def test_comment_count_counts_approved_comments_only(visitor: Client, answered):
    CommentFactory(question=answered, body="First approved")
    CommentFactory(question=answered, body="Second approved")
    CommentFactory(question=answered, body="Still waiting", status="pending")
    CommentFactory(question=answered, body="Buy pills", status="spam")

    page = visitor.get(answered.get_absolute_url()).content.decode()
    assert "2 Comments" in page
    assert "First approved" in page and "Second approved" in page
    assert "Still waiting" not in page and "Buy pills" not in page
    assert "2 Comments" in visitor.get("/questions/").content.decode()


def test_list_is_newest_first_and_paginated(visitor: Client):
    for day in range(1, 13):
        PublishedQuestionFactory(
            title=f"Question of day {day:02d}",
            published=datetime.datetime(2025, 3, day, 12, tzinfo=LA),
        )
    first = visitor.get("/questions/").content.decode()
    assert first.index("Question of day 12") < first.index("Question of day 03")
    assert "Question of day 02" not in first
    assert "Page 1 of 2" in first
    second = visitor.get("/questions/?page=2").content.decode()
    assert "Question of day 01" in second and "Question of day 02" in second
    assert visitor.get("/questions/?page=99").status_code == 404
    assert visitor.get("/questions/?page=abc").status_code == 404


def test_sidebar_lists_months_newest_first_and_categories_with_counts(visitor: Client):
    treatment = CategoryFactory(name="Treatment", slug="treatment")
    symptoms = CategoryFactory(name="Symptoms", slug="symptoms")
    PublishedQuestionFactory(
        category=treatment, published=datetime.datetime(2024, 9, 3, 12, tzinfo=LA)
    )
    PublishedQuestionFactory(
        category=treatment, published=datetime.datetime(2024, 9, 20, 12, tzinfo=LA)
    )
    PublishedQuestionFactory(
        category=symptoms, published=datetime.datetime(2024, 11, 1, 12, tzinfo=LA)
    )

    html = visitor.get("/questions/").content.decode()
    assert 'September 2024 <span class="count">(2)</span>' in html
    assert 'November 2024 <span class="count">(1)</span>' in html
    assert html.index("November 2024") < html.index("September 2024")
    assert 'All <span class="count">(3)</span>' in html
    assert 'Treatment <span class="count">(2)</span>' in html
    assert 'Symptoms <span class="count">(1)</span>' in html


def test_category_page_lists_only_that_category(visitor: Client):
    ms = CategoryFactory(name="Symptoms", slug="symptoms")
    PublishedQuestionFactory(title="Why am I so tired in the afternoon", category=ms)
    PublishedQuestionFactory(title="Is ocrelizumab right for me")
    html = visitor.get("/category/symptoms/").content.decode()
    assert "Why am I so tired in the afternoon" in html
    assert "Is ocrelizumab right for me" not in html
    assert visitor.get("/category/no-such-category/").status_code == 404


def test_robots_txt_points_to_the_sitemap_and_keeps_private_pages_out(visitor: Client, settings):
    settings.SITE_URL = "https://ms.example.org"
    response = visitor.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Sitemap: https://ms.example.org/sitemap.xml" in body
    assert "Disallow: /admin/" in body
    assert "Disallow: /ask/status/" in body


def test_every_page_has_the_disclaimer_once_and_a_skip_link(visitor: Client, answered):
    for url in ["/", "/questions/", answered.get_absolute_url(), "/archive/2024/09/"]:
        html = visitor.get(url).content.decode()
        assert html.count("This service is not for emergencies.") == 1, url
        assert 'href="#main"' in html and 'id="main"' in html, url


def test_unknown_pages_are_404(visitor: Client):
    for url in [
        "/questions/nope/",
        "/archive/2024/13/",
        "/archive/24/09/",
        "/feeds/category/nope/",
    ]:
        assert visitor.get(url).status_code == 404, url
