"""The drug pages cost a fixed number of queries, whatever the size."""

from __future__ import annotations

import re

import pytest

from drugs.models import Drug, SideEffect
from tests.drugs.conftest import published_qa, therapy_rows
from tests.factories import (
    DrugFactory,
)

pytestmark = pytest.mark.django_db


# -- query counts ---------------------------------------------------------------------


def make_reference(size: int) -> Drug:
    """`size` published therapies spread over the three groups, and `size`
    published Q&As that all name the first one."""
    groups = list(Drug.Group.values)
    drugs = [
        DrugFactory(
            generic_name=f"testumab{n:02d}",
            brand_names=f"Brand{n:02d}",
            biosimilars=f"Bio{n:02d}",
            group=groups[n % 3],
            for_ppms=n % 2 == 0,
        )
        for n in range(size)
    ]
    for n in range(size):
        published_qa(f"Question {n} about Brand00", answer="testumab00 is one option.")
    SideEffect.objects.bulk_create(
        SideEffect(drug=drugs[0], frequency=1 + n % 6, effect=f"Effect {n}") for n in range(size)
    )
    return drugs[0]


@pytest.mark.parametrize("size", [3, 30])
def test_list_query_count_is_pinned_and_flat(visitor, django_assert_num_queries, size):
    """Guards against a query per row (a deferred field, a reviewer, a group)."""
    make_reference(size)
    # 1. the published therapies that match, with only what a row shows
    # 2. the sidebar: one GROUP BY over (category, month), on a cold cache
    with django_assert_num_queries(2):
        response = visitor.get("/drugs/?ms_type=ppms")
    assert response.status_code == 200
    assert len(therapy_rows(response.content.decode())) == (size + 1) // 2


@pytest.mark.parametrize("size", [3, 30])
def test_detail_query_count_is_pinned_and_flat(visitor, django_assert_num_queries, size):
    """Guards against a query per listed Q&A (its signed answer) and for the reviewer."""
    first = make_reference(size)
    # 1. the therapy with its reviewer
    # 2. its side effects with their frequencies, however many
    # 3. the published Q&As that name it, with their signed answers
    # 4. the published glossary terms (linked at their first use)
    # 5. the sidebar: one GROUP BY over (category, month), on a cold cache
    with django_assert_num_queries(5):
        response = visitor.get(first.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    # The newest 20 are listed; past that, a link to all of them through search.
    assert len(re.findall(r'<a href="/questions/[^"]+/">', html)) == min(size, 20)
    assert ("All answers that mention" in html) == (size > 20)
