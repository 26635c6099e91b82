"""`manage.py rebuild_search_index` and the related Q&As: after a bulk load
every Q&A page lists the Q&As like it, the work grows by one ranking query per
Q&A (not five round trips), and the command says how far it has got."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search.models import RelatedQuestion
from tests.factories import PublishedQuestionFactory

pytestmark = pytest.mark.django_db


def rebuild() -> str:
    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)
    return out.getvalue()


def related_titles(visitor, question) -> list[str]:
    html = visitor.get(question.get_absolute_url()).content.decode()
    if "related-questions" not in html:
        return []
    box = html.split('class="related-questions"', 1)[1].split("</section>", 1)[0]
    return re.findall(r"<li><a href=\"[^\"]+\">([^<]+)</a></li>", box)


def test_after_a_bulk_load_a_rebuild_lists_each_qas_related_qas_by_topic(visitor):
    bladder = PublishedQuestionFactory(title="Bladder urgency at night", body="Is it MS?")
    PublishedQuestionFactory(title="Bladder urgency when walking", body="What helps?")
    PublishedQuestionFactory(title="Bladder training exercises", body="Do they work?")
    PublishedQuestionFactory(title="Driving with optic neuritis", body="Is it safe?")
    # A bulk load writes no related Q&As: only the rebuild does.
    RelatedQuestion.objects.all().delete()
    assert related_titles(visitor, bladder) == []

    rebuild()

    shown = related_titles(visitor, bladder)
    assert set(shown) == {"Bladder urgency when walking", "Bladder training exercises"}
    assert shown[0] == "Bladder urgency when walking", "two shared words rank above one"


def test_a_rebuild_costs_one_query_more_per_extra_qa():
    """Ranking each Q&A's candidates is one query; its text, the therapies it
    and its candidates name and its related rows are read and written a batch
    of Q&As at a time, so they cost the same for 3 Q&As as for 12."""

    def queries_for_a_rebuild() -> int:
        with CaptureQueriesContext(connection) as queries:
            rebuild()
        return len(queries)

    for n in range(3):
        PublishedQuestionFactory(title=f"Fatigue in the afternoon, case {n}", body="Why?")
    at_three = queries_for_a_rebuild()
    for n in range(9):
        PublishedQuestionFactory(title=f"Fatigue after exercise, case {n}", body="Why?")
    at_twelve = queries_for_a_rebuild()

    assert at_twelve - at_three <= 9


def test_a_rebuild_says_how_many_qas_it_has_done():
    for n in range(3):
        PublishedQuestionFactory(title=f"Heat and walking, case {n}", body="Why?")

    out = rebuild()

    assert "Related Q&As: 3 of 3" in out
    assert "Search index: 3 entries" in out
