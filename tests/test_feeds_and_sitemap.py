"""Feeds and the sitemap: parseable, signed text only, the disclaimer in every item."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

import feedparser
import pytest
from django.test import Client

from tests.factories import CategoryFactory, PublishedQuestionFactory

pytestmark = pytest.mark.django_db
LA = ZoneInfo("America/Los_Angeles")
SITE = "https://ms.example.org"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def answers(db):
    infusions = CategoryFactory(name="Infusion therapies", slug="infusion-therapies")
    symptoms = CategoryFactory(name="Symptoms", slug="symptoms")
    return [
        PublishedQuestionFactory(
            title="What happens on an infusion day?",
            category=infusions,
            answer_source="You are observed for **an hour** afterwards.",
            published=datetime.datetime(2024, 9, 2, 12, tzinfo=LA),
        ),
        PublishedQuestionFactory(
            title="Why does heat make my legs weak?",
            category=symptoms,
            published=datetime.datetime(2024, 10, 2, 12, tzinfo=LA),
        ),
    ]


def test_latest_feed_parses_and_every_item_carries_the_disclaimer(visitor: Client, answers):
    response = visitor.get("/feeds/latest/")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert [e.title for e in feed.entries] == [
        "Why does heat make my legs weak?",
        "What happens on an infusion day?",
    ]
    for entry in feed.entries:
        text = entry.summary
        assert "Here is my question:" in text
        assert "not for emergencies" in text
        assert "not medical advice for you" in text
        assert entry.link.startswith(f"{SITE}/questions/")
    assert "<strong>an hour</strong>" in feed.entries[1].summary


def test_category_feed_has_only_that_category(visitor: Client, answers):
    feed = feedparser.parse(visitor.get("/feeds/category/symptoms/").content)
    assert not feed.bozo
    assert [e.title for e in feed.entries] == ["Why does heat make my legs weak?"]
    assert "Symptoms" in feed.feed.title


def test_sitemap_lists_questions_months_and_categories(visitor: Client, answers):
    response = visitor.get("/sitemap.xml")
    root = ET.fromstring(response.content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = {loc.text for loc in root.findall("s:url/s:loc", ns)}
    for question in answers:
        assert f"{SITE}{question.get_absolute_url()}" in locations
    assert f"{SITE}/archive/2024/09/" in locations
    assert f"{SITE}/archive/2024/10/" in locations
    assert f"{SITE}/category/symptoms/" in locations
    assert f"{SITE}/" in locations


# A Host with a port of its own passes ALLOWED_HOSTS (Django compares the name
# only); what is built from it would be cached and served to every reader.
FORGED_HOST = "ms.example.org:1234"


@pytest.mark.parametrize(
    "path", ["/feeds/latest/", "/feeds/category/symptoms/", "/sitemap.xml", "/robots.txt"]
)
def test_feeds_sitemap_and_robots_link_to_the_site_whatever_host_the_request_names(
    settings, answers, path
):
    settings.ALLOWED_HOSTS = ["ms.example.org"]
    response = Client(HTTP_HOST=FORGED_HOST).get(path)

    body = response.content.decode()
    assert response.status_code == 200
    assert f"{SITE}/" in body
    assert ":1234" not in body
    assert "http://ms.example.org" not in body


def test_feed_links_point_at_the_site_address(answers):
    feed = feedparser.parse(Client(HTTP_HOST="127.0.0.1").get("/feeds/category/symptoms/").content)

    assert feed.feed.link == f"{SITE}/category/symptoms/"
    assert {link.href for link in feed.feed.links} == {
        f"{SITE}/category/symptoms/",
        f"{SITE}/feeds/category/symptoms/",
    }
    assert feed.entries[0].link == f"{SITE}{answers[1].get_absolute_url()}"
    assert feed.entries[0].id == f"{SITE}{answers[1].get_absolute_url()}"
