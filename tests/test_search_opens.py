"""Searches whose results nobody opened, counted for the clinic beside those
that found nothing: each result's link pings the site when it is opened (HTML's
hyperlink auditing, no script of ours), an open is never counted more often
than the search showed results, and the moderators' list shows a search seen a
few times with no result opened."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from search import misses
from search.models import SearchMiss, SearchMissDay
from tests.conftest import client_for
from tests.factories import PublishedQuestionFactory

pytestmark = pytest.mark.django_db

LIST = "/admin/search/searchmiss/"


def totals(query: str) -> tuple[int, int]:
    days = SearchMissDay.objects.filter(miss__query=query)
    return sum(d.shown for d in days), sum(d.opened for d in days)


def ping_of_first_result(client: Client, query: str) -> tuple[str, str]:
    """The first result's link and the address its ping goes to, as the page has them."""
    html = client.get("/search/", {"q": query}).content.decode()
    link = re.search(
        r'<article class="search-hit[^>]*>\s*<h3[^>]*><a href="([^"]+)" ping="([^"]+)"', html
    )
    assert link, html
    return link.group(1), link.group(2).replace("&amp;", "&")


@pytest.fixture
def swimming() -> None:
    PublishedQuestionFactory(title="Swimming when the heat makes symptoms worse")


def test_opening_a_result_is_counted_by_its_links_ping(swimming, visitor):
    href, ping = ping_of_first_result(visitor, "Swimming")
    assert href.startswith("/questions/")
    # A browser's ping carries no CSRF token; it must still count.
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(ping, b"PING", content_type="text/ping")
    assert response.status_code == 204
    assert totals("swimming") == (1, 1)


def test_opens_are_never_counted_more_often_than_results_were_shown(swimming, visitor):
    _, ping = ping_of_first_result(visitor, "swimming")
    for _ in range(5):
        visitor.post(ping, b"PING", content_type="text/ping")
    assert totals("swimming") == (1, 1)


def test_a_ping_for_a_search_never_shown_stores_nothing(visitor):
    response = visitor.post("/search/opened/?q=maria+lopez+at+home", content_type="text/ping")
    assert response.status_code == 204
    assert not SearchMiss.objects.exists()


def test_the_ping_address_takes_no_get_and_is_never_cached(visitor):
    response = visitor.get("/search/opened/", {"q": "swimming"})
    assert response.status_code == 405


def test_a_search_that_may_name_someone_is_stored_neither_shown_nor_opened(swimming, visitor):
    _, ping = ping_of_first_result(visitor, "swimming maria gonzalez")
    visitor.post(ping, b"PING", content_type="text/ping")
    assert not SearchMiss.objects.exists()


def test_the_list_shows_searches_whose_results_nobody_opened(swimming, visitor, moderator):
    PublishedQuestionFactory(title="Cooling vests for hot days")
    for _ in range(misses.UNOPENED_AFTER):
        visitor.get("/search/", {"q": "swimming"})
        _, ping = ping_of_first_result(visitor, "cooling vests")
        visitor.post(ping, b"PING", content_type="text/ping")
    visitor.get("/search/", {"q": "garden"})  # found nothing

    moderators = client_for(moderator)
    listed = moderators.get(LIST).content.decode()
    assert "swimming" in listed and "garden" in listed
    assert "cooling vests" not in listed  # readers opened its results
    unopened = moderators.get(LIST, {"outcome": "unopened"}).content.decode()
    assert "swimming" in unopened and "garden" not in unopened
    nothing = moderators.get(LIST, {"outcome": "nothing"}).content.decode()
    assert "garden" in nothing and "swimming" not in nothing


def test_a_search_shown_fewer_times_than_the_threshold_is_not_listed(swimming, visitor, moderator):
    for _ in range(misses.UNOPENED_AFTER - 1):
        visitor.get("/search/", {"q": "swimming"})
    assert "swimming" not in client_for(moderator).get(LIST).content.decode()
