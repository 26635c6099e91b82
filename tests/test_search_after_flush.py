"""A database emptied by `flush` (as a transactional test does after itself)
leaves no words behind in the full-text index for new entries to inherit."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from search.models import SearchEntry
from tests.factories import PublishedQuestionFactory
from tests.test_search_evaluation import result_links


@pytest.mark.django_db(transaction=True)
def test_an_entry_made_after_a_flush_is_found_by_its_own_words_only(visitor):
    # Ids start again after each flush: the second entry gets the first one's id.
    call_command("flush", interactive=False, verbosity=0)
    PublishedQuestionFactory(title="Cooling vests in summer", body="Do they help?")
    first = SearchEntry.objects.get().pk
    call_command("flush", interactive=False, verbosity=0)
    PublishedQuestionFactory(title="Walking aids", body="Which cane?")
    assert SearchEntry.objects.get().pk == first
    assert result_links(visitor, "cooling vests") == []
    assert len(result_links(visitor, "walking aids")) == 1
