"""Searches that found nothing, counted for the clinic: by their words and the
day only, never a name, an email or a phone number, kept 90 days, listed for
moderators with one click to a synonym group or a topic for a new Q&A."""

from __future__ import annotations

import datetime
import io
import logging
import re
import threading

import pytest
from django.core.management import call_command
from django.db import DatabaseError, OperationalError, connection, connections
from django.utils import timezone
from django.utils.formats import date_format

from search import misses, selectors
from search.models import SearchMiss, SearchMissDay, Synonym, Term
from tests.conftest import client_for
from tests.factories import ExpertProfileFactory, PublishedQuestionFactory
from tests.privacy_people import ALL_SECRETS, leaks

pytestmark = pytest.mark.django_db

LIST = "/admin/search/searchmiss/"


def counted(counter: str = "count") -> dict[str, int]:
    """Each stored query with its count over all its days, of the searches that
    found nothing, or those that showed results (`shown`) or had one opened."""
    totals: dict[str, int] = {}
    for query, count in SearchMissDay.objects.values_list("miss__query", counter):
        if count:
            totals[query] = totals.get(query, 0) + count
    return totals


def stored_text() -> str:
    """Every value of both tables, as a dump of the database would read them."""
    rows = [*SearchMiss.objects.values_list(), *SearchMissDay.objects.values_list()]
    return "\n".join(" | ".join(map(str, row)) for row in rows)


def miss(query: str, *days_ago_and_counts: tuple[int, int], noted: bool = False) -> SearchMiss:
    row = SearchMiss.objects.create(query=query, topic_noted=noted)
    today = timezone.localdate()
    for days_ago, count in days_ago_and_counts:
        SearchMissDay.objects.create(
            miss=row, day=today - datetime.timedelta(days=days_ago), count=count
        )
    return row


# Counting


def test_a_search_that_found_nothing_is_counted_by_its_words_and_the_day(visitor):
    for typed in ["swimming pool", "  Swimming   pool ", "swimming, pool?"]:
        response = visitor.get("/search/", {"q": typed})
        assert response.status_code == 200
        assert "0 answers found" in response.content.decode()
        # The marker is for the counter alone: it never leaves the site.
        assert misses.MISS_HEADER not in response

    assert counted() == {"swimming pool": 3}
    assert list(SearchMissDay.objects.values_list("day", flat=True)) == [timezone.localdate()]


def test_a_miss_served_from_the_page_cache_is_counted_too(visitor, monkeypatch):
    visitor.get("/search/", {"q": "swimming pool"})

    def not_searched_again(*args, **kwargs):
        raise AssertionError("the page should come from the cache")

    monkeypatch.setattr(selectors, "find", not_searched_again)
    response = visitor.get("/search/", {"q": "swimming pool"})

    assert response.status_code == 200 and misses.MISS_HEADER not in response
    assert counted() == {"swimming pool": 2}


def test_a_search_that_found_something_counts_as_showing_results_not_as_a_miss(visitor):
    PublishedQuestionFactory(title="Swimming when the heat makes symptoms worse")
    html = visitor.get("/search/", {"q": "swimming"}).content.decode()
    assert "Swimming when the heat" in html
    assert counted() == {}
    assert counted("shown") == {"swimming": 1}
    assert misses.SHOWN_HEADER not in visitor.get("/search/", {"q": "swimming"})
    assert counted("shown") == {"swimming": 2}


def test_only_a_get_of_the_first_page_with_words_is_counted(visitor):
    assert visitor.get("/search/", {"q": "swimming pool", "page": "2"}).status_code == 404
    response = visitor.head("/search/", {"q": "swimming pool"})
    assert response.status_code == 200 and misses.MISS_HEADER not in response
    for empty in ["", "   ", "?!… --- ''", "\x00"]:
        assert visitor.get("/search/", {"q": empty}).status_code == 200
    assert counted() == {}

    visitor.get("/search/", {"q": "swimming pool", "page": "1"})
    assert counted() == {"swimming pool": 1}


def test_a_signed_in_staff_members_miss_is_counted_without_them(moderator):
    client_for(moderator).get("/search/", {"q": "swimming pool"})
    assert counted() == {"swimming pool": 1}
    assert "moderator" not in stored_text()


def test_a_query_of_100_characters_is_kept_and_one_of_101_is_not(visitor):
    hundred = "pool " * 19 + "pools"
    assert len(hundred) == 100
    visitor.get("/search/", {"q": hundred})
    visitor.get("/search/", {"q": hundred + "s"})
    visitor.get("/search/", {"q": "pool " * 20 + "a"})
    assert counted() == {hundred: 1}


@pytest.mark.parametrize(
    "typed",
    [
        "wilhelmina.zarkovic@patient-private.test",
        "ocrevus jane@example.org",
        "call 555-201-3344",
        "ocrevus +44 20 7946 0958",
        "Zarkovic",
        "ocrevus Wilhelmina",
        "ocrevus Dr Okonkwo",
        "Mayo Clinic ocrevus",
        # Typed in lower case, where the assistant sees no capital.
        "zarkovic",
        "wilhelmina zarkovic ocrevus",
        "ocrevus dr okonkwo",
        # Any other identifier too.
        "ocrevus since 2019",
        "14 thistledown lane",
        "www.example.org/my-story",
    ],
)
def test_a_query_that_may_identify_someone_is_never_stored(visitor, typed):
    visitor.get("/search/", {"q": typed})
    assert counted() == {}


def test_the_searches_of_the_privacy_scan_leave_none_of_their_words(visitor):
    """Each person's name, part of a name, email, address and words, searched as
    written and in lower case (tests/privacy_people.py): none of them is stored."""
    for secret in ALL_SECRETS:
        for typed in (secret, secret.lower()):
            response = visitor.get("/search/", {"q": typed})
            assert response.status_code == 200
            assert re.search(r'class="search-count"[^>]*>0 answers', response.content.decode())
    assert leaks(stored_text()) == []
    # A control: a search of everyday words after them is counted.
    visitor.get("/search/", {"q": "swimming pool"})
    assert counted() == {"swimming pool": 1}


def test_a_word_of_the_published_text_is_not_taken_for_a_name():
    # Neither an everyday nor an MS word: it could be a surname.
    assert misses.looks_identifying("spoonie")
    Term.objects.create(word="spoonie")
    assert not misses.looks_identifying("spoonie")
    # "ms" alone is the disease, not a title before a name.
    assert not misses.looks_identifying("ms fatigue")


@pytest.mark.parametrize(
    "typed",
    [
        "?!…",
        "%",
        "_",
        "'",
        "' OR 1=1 --",
        '"brain fog" -covid or',
        "<script>alert(1)</script>",
        "a" * 10_000,
        "pool " * 2_000,
        "\x00swimming\x00",
        "ümlaut ñandú 東京",
        "🙂🙂",
    ],
)
def test_odd_queries_give_a_page(visitor, typed):
    response = visitor.get("/search/", {"q": typed})
    assert response.status_code == 200
    assert misses.MISS_HEADER not in response
    assert all(len(query) <= misses.KEPT_LENGTH for query in counted())


def test_the_query_is_in_no_log_line_even_when_counting_fails(visitor, monkeypatch, caplog):
    def broken(counts) -> int:
        raise DatabaseError(f"could not store {list(counts)}")

    monkeypatch.setattr(misses, "searches_record", broken)
    with caplog.at_level(logging.DEBUG):
        response = visitor.get("/search/", {"q": "swimming quokka"})
    assert response.status_code == 200
    assert "were not counted (DatabaseError)" in caplog.text
    assert "quokka" not in caplog.text


def test_a_found_search_costs_its_count_and_no_query_more(visitor, django_assert_num_queries):
    PublishedQuestionFactory(title="Swimming when the heat makes symptoms worse")
    # the ranked answers and drug sections in one; the page of Q&As; sidebar; then,
    # written at once here (SEARCH_COUNTS_FLUSH_SECONDS is 0 in tests; in production
    # a worker holds them, tests/test_search_counts_pending.py), the privacy check
    # (category and therapy names, cached until content changes, and the published
    # words) and the count (savepoint, the search, its id, its day, the day locked,
    # its counts raised, release): the same few queries for a thousand searches
    with django_assert_num_queries(13):
        assert visitor.get("/search/?q=swimming").status_code == 200
    # Served from the page cache: only the published words and the count.
    with django_assert_num_queries(8):
        assert visitor.get("/search/?q=swimming").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_readers_who_miss_at_the_same_moment_are_all_counted():
    """None is lost and none counted twice. SQLite's in-memory test database
    refuses a second writer at once ("table is locked": the page is then served
    and the refusal logged); PostgreSQL must count every one."""
    racers = 4
    barrier = threading.Barrier(racers)
    failures: list[str] = []
    locked: list[str] = []

    def search() -> None:
        try:
            barrier.wait()
            misses.searches_record({("swimming pool", timezone.localdate(), False): 1})
        except OperationalError as error:
            (locked if connection.vendor == "sqlite" else failures).append(repr(error))
        except Exception as error:  # collected: a thread's exception is otherwise lost
            failures.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=search) for _ in range(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == [] and len(locked) < racers
    assert counted() == {"swimming pool": racers - len(locked)}


# Keeping 90 days


def test_the_daily_purge_deletes_counts_of_90_days_ago_and_older():
    miss("swimming pool", (91, 4), (90, 3), (89, 2), (0, 1))
    miss("hot tub", (120, 5))
    out = io.StringIO()

    call_command("purge_personal_data", stdout=out)

    assert "3 daily count(s) of searches that found nothing" in out.getvalue()
    assert counted() == {"swimming pool": 3}
    assert list(SearchMiss.objects.values_list("query", flat=True)) == ["swimming pool"]


# The moderators' page


def test_the_list_shows_the_most_frequent_first_with_the_last_day(moderator):
    miss("hot tub", (3, 2), (1, 3))  # 5
    miss("swimming pool", (10, 7))  # 7
    miss("cold shower", (0, 1))  # 1
    html = client_for(moderator).get(LIST).content.decode()
    order = [html.index(query) for query in ("swimming pool", "hot tub", "cold shower")]
    assert order == sorted(order)
    assert '<td class="field-total">5</td>' in html
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    assert f'<td class="field-last_day nowrap">{date_format(yesterday)}</td>' in html


def test_the_query_is_shown_as_text(moderator):
    miss("<script>alert(1)</script>", (0, 1))
    html = client_for(moderator).get(LIST).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_add_a_synonym_group_opens_the_form_with_the_words_filled_in(moderator):
    miss("pins and needles", (0, 2))
    client = client_for(moderator)
    html = client.get(LIST).content.decode()
    [link] = re.findall(r'<a href="([^"]+)" aria-label="Add a synonym group for[^"]*"', html)
    form = client.get(link.replace("&amp;", "&")).content.decode()
    assert 'value="pins and needles"' in form
    assert 'value="From searches that found nothing"' in form

    response = client.post(
        "/admin/search/synonym/add/",
        {"terms": "pins and needles, tingling, paresthesia", "note": "From searches"},
    )
    assert response.status_code == 302
    assert Synonym.objects.filter(terms="pins and needles, tingling, paresthesia").exists()


def test_the_synonym_action_starts_one_group_with_the_selected_searches(moderator):
    first, second = miss("pins and needles", (0, 2)), miss("tingly feet", (0, 1))
    response = client_for(moderator).post(
        LIST, {"action": "add_synonym_group", "_selected_action": [first.pk, second.pk]}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/search/synonym/add/?terms=pins+and+needles")
    assert "tingly+feet" in response["Location"]


def test_note_as_a_topic_marks_the_selected_searches(moderator):
    first, second = miss("pins and needles", (0, 2)), miss("tingly feet", (0, 1))
    client = client_for(moderator)
    response = client.post(
        LIST, {"action": "note_as_topic", "_selected_action": [first.pk]}, follow=True
    )
    assert "1 search noted as a topic for a new Q&amp;A." in response.content.decode()
    assert list(SearchMiss.objects.filter(topic_noted=True)) == [first]
    html = client.get(LIST, {"topic_noted__exact": "1"}).content.decode()
    assert "pins and needles" in html and second.query not in html


def test_clinicians_read_it_and_staff_without_the_permission_are_refused(
    expert, staff_without_role, visitor
):
    miss("pins and needles", (0, 2))
    assert client_for(expert).get(LIST).status_code == 200
    assert client_for(staff_without_role).get(LIST).status_code == 403
    no_group = ExpertProfileFactory(user__username="no.group").user
    assert client_for(no_group).get(LIST).status_code == 403
    assert visitor.get(LIST).status_code == 302
    # Nobody adds one by hand: searches do.
    assert client_for(expert).get(f"{LIST}add/").status_code == 403
