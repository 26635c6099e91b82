"""The queries behind the busiest public pages use an index on a large table.

With a few thousand Q&As PostgreSQL already prefers reading the whole table to
a missing index, so a plan with "Seq Scan on questions_question" here means
the page gets slower with every Q&A published. SQLite's planner is another
story; its plans say nothing about production."""

from __future__ import annotations

import io
import re

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from questions import selectors
from questions.models import Category, Question

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="PostgreSQL's query plans only: run with DATABASE_URL=postgres://...",
    ),
    pytest.mark.django_db,
]

# "Index Scan using question_public_recent on questions_question", or a bitmap
# heap scan of the table fed by a "Bitmap Index Scan" beneath it.
READS_QUESTIONS = re.compile(
    r"(?P<kind>[A-Z][A-Za-z ]*?Scan)(?: Backward)?(?: using \w+)? on questions_question\b"
)
BY_INDEX = {"Index Scan", "Index Only Scan", "Bitmap Heap Scan"}


@pytest.fixture(scope="module")
def large_site(django_db_setup, django_db_blocker):
    """3,000 Q&As with fresh planner statistics, shared by the tests of this
    module and rolled back after them."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command(
            "generate_large_dataset",
            questions=3000,
            comments=6000,
            years=15,
            categories=20,
            stdout=io.StringIO(),
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        yield Question.objects.for_listing().first()
        transaction.set_rollback(True)


def assert_uses_an_index(queryset) -> None:
    plan = queryset.explain()
    kinds = [match["kind"] for match in READS_QUESTIONS.finditer(plan)]
    assert kinds, f"the plan does not read questions_question:\n{plan}"
    assert "Seq Scan" not in kinds, f"the whole table is read:\n{plan}"
    assert set(kinds) <= BY_INDEX, plan


def first_page(queryset):
    return queryset[: settings.QUESTIONS_PER_PAGE]


def test_month_archive_reads_the_month_through_an_index(large_site):
    month = timezone.localtime(large_site.published_at)
    month_qas = selectors.published_in_month(month.year, month.month)
    assert month_qas.exists()
    assert_uses_an_index(first_page(month_qas))


def test_category_page_reads_the_category_through_an_index(large_site):
    in_category = selectors.in_category(large_site.category.pk)
    assert_uses_an_index(first_page(in_category))


def test_qa_page_finds_its_qa_by_slug_through_an_index(large_site):
    detail = selectors.question_page(AnonymousUser()).filter(slug=large_site.slug)
    assert_uses_an_index(detail)


def test_small_category_page_reads_the_category_index(large_site):
    rare = Category.objects.create(name="Rare topic", slug="rare-topic")
    two = Question.objects.published().order_by("published_at").values_list("pk", flat=True)[:2]
    Question.objects.filter(pk__in=list(two)).update(category=rare)
    in_category = selectors.in_category(rare.pk)
    assert "question_category_recent" in first_page(in_category).explain()
