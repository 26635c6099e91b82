"""Each public page costs a fixed number of queries, however many Q&As exist.

These guard against N+1 queries: a list that fetched each row's answer,
category or comment count separately would grow with the data."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.utils import timezone

from questions.models import Comment
from tests.factories import CategoryFactory, ExpertProfileFactory, QuestionFactory, publish

pytestmark = pytest.mark.django_db

# page -> queries on a cold cache, each listed. The sidebar is one GROUP BY
# over (category, month), cached until public content changes.
BUDGET = {
    # latest Q&As with answer, category, comment count; sidebar
    "home": 2,
    # the page of Q&As; sidebar (whose counts are the paginator's: no COUNT)
    "list": 2,
    # the Q&A with its signed answer and category; its approved comments, each
    # saying whether it has a reply (none here: with one, one more query for the
    # replies and their clinicians); the published therapies it names (drug
    # reference box); its related Q&As (stored when published); the published
    # glossary terms (linked at their first use); sidebar
    "detail": 6,
    # sidebar (the page lists the same months)
    "archive": 1,
    # the page of Q&As; sidebar (its month's count is the paginator's)
    "month": 2,
    # sidebar (it knows the category and its count); the page of Q&As
    "category": 2,
    # the latest Q&As with everything an item shows
    "feed": 1,
    # the category; its Q&As
    "category_feed": 2,
    # the paginator's COUNT of Q&As; the Q&As; sidebar (months and categories); the drugs;
    # the clinicians who signed a published answer; the published glossary terms
    "sitemap": 6,
}


def make_site(size: int):
    """`size` published Q&As with two approved comments each, built quickly."""
    category = CategoryFactory(name="Treatment", slug="treatment")
    expert = ExpertProfileFactory()
    questions = [publish(QuestionFactory(category=category), expert=expert) for _ in range(size)]
    Comment.objects.bulk_create(
        Comment(question=q, author_name="A reader", body="Thanks", status="approved")
        for q in questions
        for _ in range(2)
    )
    return questions[0]


def urls(first) -> dict[str, str]:
    month = timezone.localtime(first.published_at)
    return {
        "home": "/",
        "list": "/questions/",
        "detail": first.get_absolute_url(),
        "archive": "/archive/",
        "month": f"/archive/{month:%Y/%m}/",
        "category": "/category/treatment/",
        "feed": "/feeds/latest/",
        "category_feed": "/feeds/category/treatment/",
        "sitemap": "/sitemap.xml",
    }


@pytest.mark.parametrize("size", [3, 300])
def test_every_page_costs_its_pinned_queries_cold_and_none_warm(
    visitor, django_assert_num_queries, size
):
    first = make_site(size)
    for page, url in urls(first).items():
        cache.clear()
        with django_assert_num_queries(BUDGET[page]):
            response = visitor.get(url)
        assert response.status_code == 200, page
        # Warm: the same page again costs nothing.
        with django_assert_num_queries(0):
            again = visitor.get(url)
        assert again.content == response.content, page
