"""On PostgreSQL a worker prepares the queries its pages run again and again
(DATABASE_PREPARED_STATEMENTS), and never a search's: a search is planned for
the words searched, each time (a generic plan read many times the rows a rare
word needs)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection

from tests.factories import PublishedQuestionFactory

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="PostgreSQL's prepared statements only: run with DATABASE_URL=postgres://...",
    ),
    pytest.mark.django_db,
]


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [statement for (statement,) in cursor.fetchall()]


def test_a_pages_queries_are_prepared_and_a_searchs_never(visitor):
    question = PublishedQuestionFactory(title="Breastfeeding after an Ocrevus infusion")
    for _ in range(7):
        cache.clear()  # each request builds its page
        assert visitor.get(question.get_absolute_url()).status_code == 200
        assert "Ocrevus infusion" in visitor.get("/search/?q=ocrevus").content.decode()
    prepared = prepared_statements()
    assert any('FROM "questions_question"' in statement for statement in prepared)
    assert not any("search_searchentry" in statement for statement in prepared)
