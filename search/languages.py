"""What search needs to know of each language it searches: the words that carry
no meaning, how a word is folded, and how it is stemmed.

English is read as it always was. Spanish is read with its accents folded
("recaida" is "recaída", as patients type it) by both databases: PostgreSQL's
`spanish_unaccent` configuration (made in search's migration 0007) folds and
stems each word with Snowball; SQLite's FTS5 has no Spanish stemmer, so its
Spanish table folds accents and a query searches each word's Snowball stem
(snowballstemmer, the same algorithm) as a prefix.
"""

from __future__ import annotations

import functools
import unicodedata

import snowballstemmer
from django.conf import settings
from django.utils import translation

from . import stop_words

# The text search configuration of each language on PostgreSQL.
PG_CONFIGS = {"en": "english", "es": "spanish_unaccent"}
# The FTS5 table of each language on SQLite (search's migrations 0001 and 0007).
FTS_TABLES = {"en": "search_fts", "es": "search_fts_es"}
STOP_WORDS = {"en": stop_words.ENGLISH, "es": stop_words.SPANISH}
# Languages whose words are read without their accents.
_FOLDED = frozenset({"es"})
# A Snowball stem this much shorter than its word was cut at a folded accent
# ("recaida" stems to "rec" where "recaída" stems to "recaid"): the prefix keeps
# all but the word's last two letters instead.
_STEM_CUT_SHORT = 4
# Words this short are matched whole: as a prefix, "mes" would find "mesenquimales".
_SHORT_WORD = 3


def searched_language(language: str | None = None) -> str:
    """The language a search runs in: the one given, else the page's; one of the site's."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    return language if language in STOP_WORDS else settings.LANGUAGE_CODE


def fold(text: str) -> str:
    """The text without its accents and diacritics ("recaída" → "recaida", "niño" → "nino"),
    as PostgreSQL's unaccent and FTS5's remove_diacritics read it."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def folds_accents(language: str) -> bool:
    return language in _FOLDED


@functools.cache
def _stemmer(language: str) -> snowballstemmer.Stemmer:
    return snowballstemmer.stemmer({"es": "spanish"}[language])


@functools.lru_cache(maxsize=4096)
def prefix(word: str, language: str) -> str:
    """The part of a (folded, lower-case) word that SQLite searches as a prefix;
    the whole word when it is short."""
    if len(word) <= _SHORT_WORD:
        return word
    stem = fold(_stemmer(language).stemWord(word))
    if len(stem) <= len(word) - _STEM_CUT_SHORT:
        return word[: len(word) - 2]
    return stem
