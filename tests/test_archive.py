"""The archive month of a Q&A is the month of its publication in the clinic's time zone."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from tests.factories import PublishedQuestionFactory

pytestmark = pytest.mark.django_db
LA = ZoneInfo("America/Los_Angeles")
UTC = datetime.UTC


@pytest.fixture
def boundary(db):
    # 2024-10-01 05:30 UTC is still September 30 in Los Angeles.
    late_september = PublishedQuestionFactory(
        title="Published late on September 30",
        published=datetime.datetime(2024, 10, 1, 5, 30, tzinfo=UTC),
    )
    # Midnight at the start of October, local time.
    first_of_october = PublishedQuestionFactory(
        title="Published at local midnight October 1",
        published=datetime.datetime(2024, 10, 1, 0, 0, tzinfo=LA),
    )
    return late_september, first_of_october


def test_month_boundaries_follow_the_site_time_zone(visitor: Client, boundary):
    september = visitor.get("/archive/2024/09/").content.decode()
    october = visitor.get("/archive/2024/10/").content.decode()
    assert "Published late on September 30" in september
    assert "Published late on September 30" not in october
    assert "Published at local midnight October 1" in october
    assert "Published at local midnight October 1" not in september


def test_sidebar_months_follow_the_site_time_zone(visitor: Client, boundary):
    html = visitor.get("/").content.decode()
    assert 'September 2024 <span class="count">(1)</span>' in html
    assert 'October 2024 <span class="count">(1)</span>' in html
    assert 'href="/archive/2024/09/"' in html and 'href="/archive/2024/10/"' in html


def test_month_archive_is_paginated_newest_first(visitor: Client):
    for day in range(1, 13):
        PublishedQuestionFactory(
            title=f"March answer {day:02d}", published=datetime.datetime(2025, 3, day, 9, tzinfo=LA)
        )
    first = visitor.get("/archive/2025/03/").content.decode()
    assert first.index("March answer 12") < first.index("March answer 05")
    assert "March answer 01" not in first
    assert "March answer 01" in visitor.get("/archive/2025/03/?page=2").content.decode()
