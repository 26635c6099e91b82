"""Search reads the GIN index of the stored search vector, and "Did you mean"
the trigram index of the known words, not the whole table (PostgreSQL only;
SQLite's FTS5 is an index by construction)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from search.backends.postgres import PostgresBackend
from search.models import SearchEntry, Term
from search.query import parse
from tests.conftest import role
from tests.factories import PublishedQuestionFactory

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="PostgreSQL's query plans only: run with DATABASE_URL=postgres://...",
    ),
    pytest.mark.django_db,
]


@pytest.fixture(scope="module")
def large_index(django_db_setup, django_db_blocker):
    """3,000 sample Q&As in the search index, with fresh planner statistics."""
    with django_db_blocker.unblock(), transaction.atomic():
        role("Moderators"), role("Experts")  # a transactional test may have flushed them
        call_command("generate_large_dataset", questions=3000, comments=0, stdout=io.StringIO())
        call_command("rebuild_search_index", no_related=True, stdout=io.StringIO())
        # A few rare words, as a real archive has thousands of (the sample
        # texts repeat a small vocabulary), and a vocabulary of a real size.
        PublishedQuestionFactory(title="Uhthoff phenomenon in a hot bath", body="Blurred vision.")
        letters = "abcdefghijklmnopqrst"
        Term.objects.bulk_create(
            [Term(word=f"{a}{b}{c}word") for a in letters for b in letters for c in letters]
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchentry")
            cursor.execute("ANALYZE search_term")
        yield
        transaction.set_rollback(True)


def explain(sql: str, params: list) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize("typed", ["uhthoff", "uhthoff vision", '"hot bath" -covid'])
def test_a_search_reads_the_gin_index_of_the_search_vector(large_index, typed):
    plan = explain(
        *PostgresBackend().ranked_sql(parse(typed), kinds=[SearchEntry.Kind.ANSWER], every=True)
    )
    assert "search_entry_vector" in plan, plan
    assert "Seq Scan on search_searchentry" not in plan, plan


def test_a_word_in_most_answers_walks_the_date_index_and_stops_at_the_limit(large_index):
    """Ranking every match of a common word would read them all; the newest
    RANKED_AT_MOST are found by walking the date index, and the walk stops."""
    plan = explain(
        *PostgresBackend().ranked_sql(parse("relapse"), kinds=[SearchEntry.Kind.ANSWER], every=True)
    )
    assert "search_entry_kind_recent" in plan, plan
    assert "Limit" in plan, plan
    assert "Seq Scan on search_searchentry" not in plan, plan


def test_a_spelling_fix_reads_the_trigram_index_of_known_words(large_index):
    plan = Term.objects.filter(word__trigram_similar="neurolgist").explain()
    assert "search_term_trigram" in plan, plan
