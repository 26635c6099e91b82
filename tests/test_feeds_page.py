"""/feeds/ explains feeds in plain words, with every feed and the email option;
pages link there instead of to raw XML, and feed readers still find the feeds."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from subscriptions.models import Subscription
from tests.factories import CategoryFactory, PublishedQuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    fatigue = CategoryFactory(name="Fatigue", slug="fatigue")
    infusions = CategoryFactory(name="Infusions", slug="infusions")
    PublishedQuestionFactory(category=fatigue)
    PublishedQuestionFactory(category=infusions)
    return fatigue


def test_the_feeds_page_says_what_a_feed_is_and_links_every_feed_and_the_email_option(
    visitor, site
):
    html = visitor.get("/feeds/").content.decode()
    assert "A feed is a list of new answers that a feed reader app checks for you." in html
    assert '<a href="/feeds/latest/">Feed of all new answers</a>' in html
    assert '<a href="/feeds/category/fatigue/">Feed of new answers about Fatigue</a>' in html
    assert '<a href="/feeds/category/infusions/">Feed of new answers about Infusions</a>' in html
    assert 'href="/subscribe/">Get new answers by email</a>' in html


def test_pages_link_to_the_feeds_page_not_to_raw_feeds_and_keep_the_feed_for_readers(visitor, site):
    for url in ["/", "/questions/", "/category/fatigue/"]:
        html = visitor.get(url).content.decode()
        body = html.split("<body>", 1)[1]
        assert re.findall(r'<a [^>]*href="/feeds/(?:latest|category)/', body) == [], url
        assert '<a href="/feeds/">Follow new answers by email or feed</a>' in body, url
        assert (
            '<link rel="alternate" type="application/atom+xml" '
            'title="Virtual MS Center: latest answers" href="/feeds/latest/">'
        ) in html, url
    category = visitor.get("/category/fatigue/").content.decode()
    assert 'href="/feeds/category/fatigue/"' in category.split("<body>")[0]


def test_the_cached_home_and_category_pages_carry_a_link_to_subscribe_and_no_form(visitor, site):
    home = visitor.get("/").content.decode()
    assert 'href="/subscribe/">Get new answers by email</a>' in home
    category = visitor.get("/category/fatigue/").content.decode()
    assert 'href="/subscribe/?category=fatigue">Get new answers by email</a>' in category
    for html in (home, category):
        assert "csrfmiddlewaretoken" not in html
        assert "captcha" not in html


# Queries on a cold cache, each listed; they do not grow with the categories.
BUDGET = {
    # sidebar (its categories are the feeds' too)
    "/feeds/": 1,
    # the categories to tick; the sum (stored); sidebar
    "/subscribe/": 3,
    # the category from the link; the categories to tick; the sum; sidebar
    "/subscribe/?category=c-1": 4,
}


@pytest.mark.parametrize("categories", [3, 30])
def test_the_new_pages_cost_the_same_queries_however_many_categories(
    visitor, django_assert_num_queries, categories
):
    for n in range(categories):
        PublishedQuestionFactory(category=CategoryFactory(name=f"C {n}", slug=f"c-{n}"))
    for url, budget in BUDGET.items():
        cache.clear()
        with django_assert_num_queries(budget):
            assert visitor.get(url).status_code == 200


@pytest.mark.parametrize("categories", [3, 30])
def test_the_manage_page_costs_the_same_queries_however_many_categories(
    visitor, django_assert_num_queries, categories
):
    chosen = [CategoryFactory(name=f"C {n}", slug=f"c-{n}") for n in range(categories)]
    subscription = Subscription(email="reader@reader.test")
    token = subscription.new_token()
    subscription.save()
    subscription.categories.set(chosen)
    cache.clear()
    # the subscription; its categories; the categories to tick
    with django_assert_num_queries(3):
        assert visitor.get(f"/subscribe/manage/{token}/").status_code == 200
