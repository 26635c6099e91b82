"""Deep pages of the Q&A lists (page 5,000 of 50,000 Q&As): the same rows in the
same order as any page, at a cost that does not grow with the rows skipped."""

from __future__ import annotations

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache

from questions.views import ListingPaginator
from tests.factories import CategoryFactory, ExpertProfileFactory, QuestionFactory, publish

pytestmark = pytest.mark.django_db
LA = ZoneInfo("America/Los_Angeles")


@pytest.fixture
def thirty(monkeypatch):
    """30 Q&As, one a day in September 2024, "Day 1" … "Day 30", signed by one
    clinician in one category; pages past the first go the two-step way."""
    monkeypatch.setattr(ListingPaginator, "one_step_rows", 10)
    category = CategoryFactory(name="Treatment", slug="treatment")
    expert = ExpertProfileFactory(display_name="Maria Alvarez, MD")
    for day in range(1, 31):
        publish(
            QuestionFactory(title=f"Day {day}", category=category),
            expert=expert,
            at=datetime.datetime(2024, 9, day, 12, tzinfo=LA),
        )


def titles(response) -> list[str]:
    return re.findall(r'class="qa-summary-title"><a href="[^"]+">(Day \d+)</a>', response.text)


@pytest.mark.parametrize(
    "path",
    ["/questions/", "/category/treatment/", "/archive/2024/09/", "/experts/maria-alvarez-md/"],
)
def test_a_deep_page_lists_the_same_qas_in_the_same_order(visitor, thirty, path):
    pages = [titles(visitor.get(f"{path}?page={n}")) for n in (1, 2, 3)]

    assert pages == [
        ["Day 30", "Day 29", "Day 28", "Day 27", "Day 26"]
        + ["Day 25", "Day 24", "Day 23", "Day 22", "Day 21"],
        ["Day 20", "Day 19", "Day 18", "Day 17", "Day 16"]
        + ["Day 15", "Day 14", "Day 13", "Day 12", "Day 11"],
        ["Day 10", "Day 9", "Day 8", "Day 7", "Day 6", "Day 5", "Day 4", "Day 3", "Day 2", "Day 1"],
    ]


def test_a_deep_page_reads_only_the_ids_of_the_rows_it_skips(
    visitor, thirty, django_assert_num_queries
):
    cache.clear()
    visitor.get("/questions/")  # the sidebar, cached from here on
    # the ids of page 3's rows (the count is the sidebar's); those rows with
    # answer, category and comment count
    with django_assert_num_queries(2) as queries:
        response = visitor.get("/questions/?page=3")

    assert response.status_code == 200
    ids_query = queries.captured_queries[0]["sql"]
    assert "questions_answer" not in ids_query
    assert "questions_comment" not in ids_query
