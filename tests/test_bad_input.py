"""Malformed input from outside is answered with a page, never a server error:
odd session cookies, impossible archive months."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import PublishedQuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(db):
    return PublishedQuestionFactory(title="Fatigue in the afternoon")


@pytest.mark.parametrize(
    "cookie",
    [
        "\x00\x00\x00\x00\x00\x00\x00\x00",
        "abc\x00defghijklmnopqrstuvwxyz0123456",
        "x" * 5000,
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345",
        "é" * 32,
        "'; DROP TABLE django_session; --",
    ],
)
@pytest.mark.parametrize("url", ["/", "/questions/", "/ask/", "/admin/login/"])
def test_a_malformed_session_cookie_is_simply_no_session(site, cookie, url):
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = cookie
    response = client.get(url)
    assert response.status_code == 200


def test_a_malformed_session_cookie_costs_no_session_query(site, django_assert_num_queries):
    client = Client()
    client.get("/ask/")  # warm the sidebar cache
    client.cookies["sessionid"] = "\x00" * 32
    with django_assert_num_queries(0):
        # /ask/ is not cached; its form needs no query once the sidebar is cached.
        client.get("/robots.txt")


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/archive/9999/12/", 404),
        ("/archive/9999/11/", 404),
        ("/archive/9999/99/", 404),
        ("/archive/0000/01/", 404),
        ("/archive/0001/01/", 404),
        ("/archive/0001/00/", 404),
        ("/archive/2024/00/", 404),
        ("/archive/2024/13/", 404),
        ("/archive/1969/12/", 404),
    ],
)
def test_every_month_the_archive_address_accepts_is_a_page_or_not_found(site, path, status):
    client = Client(raise_request_exception=False)
    assert client.get(path).status_code == status


def test_no_year_and_month_the_archive_address_accepts_is_a_server_error(site):
    client = Client(raise_request_exception=False)
    answers = {
        client.get(f"/archive/{year}/{month:02d}/").status_code
        for year in ("0000", "0001", "1970", "9998", "9999")
        for month in range(100)
    }
    assert answers <= {200, 404}


@pytest.mark.parametrize("zone", ["Asia/Tokyo", "Pacific/Kiritimati", "Etc/GMT+12"])
def test_the_first_and_last_months_are_not_found_in_any_time_zone(site, settings, zone):
    settings.TIME_ZONE = zone
    client = Client(raise_request_exception=False)
    assert client.get("/archive/0001/01/").status_code == 404
    assert client.get("/archive/9999/12/").status_code == 404
