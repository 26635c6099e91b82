"""Each public page costs a fixed number of queries, however many Q&As exist.

These guard against N+1 queries: a list that fetched each row's answer,
category or comment count separately would grow with the data."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.factories import CategoryFactory, CommentFactory, PublishedQuestionFactory

pytestmark = pytest.mark.django_db

# page -> queries on a cold cache, each listed. The sidebar is one GROUP BY
# over (category, month), cached until public content changes.
BUDGET = {
    # latest Q&As with answer, category, comment count; sidebar
    "home": 2,
    # paginator COUNT; the page of Q&As; sidebar
    "list": 3,
    # the Q&A with its signed answer and category; its approved comments;
    # the published therapies it names (drug reference box); sidebar
    "detail": 4,
    # sidebar (the page lists the same months)
    "archive": 1,
    # paginator COUNT; the page of Q&As; sidebar
    "month": 3,
    # sidebar (it knows the category); paginator COUNT; the page of Q&As
    "category": 3,
    # the latest Q&As with everything an item shows
    "feed": 1,
    # the category; its Q&As
    "category_feed": 2,
    # the paginator's COUNT of Q&As; the Q&As; sidebar (months and categories); the drugs
    "sitemap": 4,
}


def make_site(size: int):
    category = CategoryFactory(name="Treatment", slug="treatment")
    questions = PublishedQuestionFactory.create_batch(size, category=category)
    for question in questions:
        CommentFactory.create_batch(2, question=question)
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


@pytest.mark.parametrize("size", [3, 30])
@pytest.mark.parametrize("page", list(BUDGET))
def test_page_query_count_is_pinned_and_flat(visitor, django_assert_num_queries, size, page):
    first = make_site(size)
    url = urls(first)[page]
    with django_assert_num_queries(BUDGET[page]):
        response = visitor.get(url)
    assert response.status_code == 200
    # Warm: the same page again costs nothing.
    with django_assert_num_queries(0):
        again = visitor.get(url)
    assert again.content == response.content
