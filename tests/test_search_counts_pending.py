"""Counting searches costs the reader nothing: an app server process keeps its
counts (found nothing, showed results, a result opened) in memory and writes
them after a response once SEARCH_COUNTS_FLUSH_SECONDS have passed since the
first. Here the window is held open, then closed (the setting lowered to 0
stands for the time having passed)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from search import misses
from search.models import SearchMiss, SearchMissDay
from tests.factories import PublishedQuestionFactory
from tests.test_search_opens import ping_of_first_result, totals

pytestmark = pytest.mark.django_db


@pytest.fixture
def held_back(settings):
    settings.SEARCH_COUNTS_FLUSH_SECONDS = 60
    yield settings
    misses.pending.write()  # in this test's database


def test_a_search_served_from_the_page_cache_costs_no_query(
    held_back, visitor, django_assert_num_queries
):
    PublishedQuestionFactory(title="Swimming when the heat makes symptoms worse")
    visitor.get("/search/", {"q": "swimming"})
    with django_assert_num_queries(0):
        assert visitor.get("/search/", {"q": "swimming"}).status_code == 200
    assert not SearchMiss.objects.exists()


def test_the_counts_are_written_once_the_window_has_passed(held_back, visitor):
    PublishedQuestionFactory(title="Swimming when the heat makes symptoms worse")
    for _ in range(3):
        visitor.get("/search/", {"q": "swimming"})
    visitor.get("/search/", {"q": "itchy sunburn"})
    link, ping = ping_of_first_result(visitor, "swimming")
    assert visitor.post(ping).status_code == 204
    assert not SearchMissDay.objects.exists()

    held_back.SEARCH_COUNTS_FLUSH_SECONDS = 0  # the time has passed
    visitor.get(link)  # any response: the worker writes what it holds after it
    assert totals("swimming") == (4, 1)
    assert SearchMissDay.objects.get(miss__query="itchy sunburn").count == 1


def test_an_open_waits_for_the_search_another_process_showed(held_back, visitor):
    PublishedQuestionFactory(title="Swimming when the heat makes symptoms worse")
    _, ping = ping_of_first_result(visitor, "swimming")
    misses.pending.write()  # this process's own show: written
    visitor.post(ping)
    visitor.post(ping)  # one open too many for the one show
    # Another process showed the search again and has not written it yet.
    misses.pending.write()
    assert totals("swimming") == (1, 1)
    misses.searches_record({("swimming", timezone.localdate(), True): 1})  # ... now it has
    misses.pending.write()
    assert totals("swimming") == (2, 2)


def test_a_search_not_to_be_kept_is_not_even_held(held_back, visitor):
    visitor.get("/search/", {"q": "maria garcia"})
    visitor.get("/search/", {"q": "pool " * 30})
    misses.pending.write()
    assert not SearchMiss.objects.exists()


def test_pings_for_searches_never_shown_are_dropped_after_one_more_write(held_back, visitor):
    for n in range(5):
        visitor.post(f"/search/opened/?q=pool+{n}")
    misses.pending.write()  # perhaps another process showed them: they wait once
    misses.searches_record({("pool 0", timezone.localdate(), True): 1})
    misses.pending.write()
    misses.searches_record({("pool 1", timezone.localdate(), True): 1})
    misses.pending.write()  # too late for the second: it was dropped
    assert totals("pool 0") == (1, 1)
    assert totals("pool 1") == (1, 0)


def test_a_worker_writes_many_searches_in_as_many_queries_as_one(
    held_back, visitor, django_assert_max_num_queries, django_assert_num_queries
):
    PublishedQuestionFactory(title="Swimming when the heat makes symptoms worse")

    def write_after(searches: list[str]) -> int:
        for query in searches:
            visitor.get("/search/", {"q": query})
        with django_assert_max_num_queries(50) as queries:
            misses.pending.write()
        return len(queries.captured_queries)

    write_after(["swimming"])  # the names the privacy check reads, cached from here on
    one = write_after(["swimming pool"])
    many = write_after([f"swimming {'pool ' * n}lanes" for n in range(15)])
    assert many == one
    assert SearchMiss.objects.count() == 17
