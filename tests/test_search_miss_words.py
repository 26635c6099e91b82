"""A lay word typed in lower case in a search that found nothing is counted for
the clinic ("knackered", "woozy", "hormigueo"), while a name typed the same way
("maria garcia", "david") still never is. (A surname that is also an everyday
word, "smith", is let through by the assistant's everyday words as before.)"""

from __future__ import annotations

import pytest

from search.everyday import everyday_words
from search.models import SearchMiss
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

LAY_SEARCHES = [
    "knackered",
    "woozy",
    "wobbly legs",
    "tingly",
    "shattered",
    "peeing",
    "dizzy spells",
    "numbness",
    "hormigueo",
    "mareado",
]

NAME_SEARCHES = [
    "maria garcia",
    "john",
    "david",
    "london",
    "mark",
    "rose",
    "rocío",
]


def searched(visitor, typed: str) -> str:
    response = visitor.get("/search/", {"q": typed})
    assert response.status_code == 200
    assert "0 answers found" in response.content.decode()
    return typed


def stored() -> set[str]:
    return set(SearchMiss.objects.values_list("query", flat=True))


@pytest.mark.parametrize("typed", LAY_SEARCHES)
def test_a_lay_word_the_site_never_uses_is_counted(visitor, moderator, qa, typed):
    searched(visitor, typed)

    assert stored() == {typed}
    # Where the clinic sees it: the moderators' list of searches that found nothing.
    listing = client_for(moderator).get("/admin/search/searchmiss/")
    assert listing.status_code == 200
    assert typed in listing.content.decode()


@pytest.mark.parametrize("typed", NAME_SEARCHES)
def test_a_name_typed_in_lower_case_is_still_never_counted(visitor, qa, typed):
    searched(visitor, typed)
    assert stored() == set()


def test_the_everyday_words_have_the_lay_words_and_not_the_names():
    words = everyday_words()
    assert {"knackered", "woozy", "wobbly", "tingly", "numbness", "hormigueo"} <= words
    # Proper nouns (known to the dictionaries only with a capital) and census
    # names are not there, accents or none.
    assert not {"london", "david", "garcia", "john", "maria", "mark", "rose", "rocío"} & words
    assert all(word == word.lower() and len(word) >= 3 for word in words)
