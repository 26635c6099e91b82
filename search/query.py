"""What a person typed, as clauses both databases can run.

The web-search syntax people use ("brain fog" -covid, tysabri or natalizumab)
is parsed here rather than by PostgreSQL's websearch_to_tsquery, for two
reasons: SQLite's FTS5 must behave the same, and clinic-edited synonyms expand
single words and phrases before the query reaches either database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from . import languages

MAX_LENGTH = 100
MAX_CLAUSES = 24
_LONGEST_SYNONYM = 4  # words

# The word between two alternatives ("tysabri or natalizumab"), in each language.
_OR = {"en": frozenset({"or"}), "es": frozenset({"o", "or"})}
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
WORD = re.compile(r"[\w']+")


@dataclass
class Clause:
    """One required part of the query: any of `alternatives` (each a word or a
    phrase), or, negated, none of them."""

    alternatives: list[str]
    negated: bool = False
    from_synonym: bool = False
    # The first alternative was typed as separate words, not quoted: they match
    # anywhere in an entry, as they would have without the synonym group.
    apart: bool = False

    def words(self) -> list[str]:
        return [w for alt in self.alternatives for w in alt.split()]


@dataclass
class ParsedQuery:
    clauses: list[Clause] = field(default_factory=list)

    @property
    def positive(self) -> list[Clause]:
        return [c for c in self.clauses if not c.negated]

    @property
    def negative(self) -> list[Clause]:
        return [c for c in self.clauses if c.negated]

    def __bool__(self) -> bool:
        return bool(self.positive)

    @property
    def expanded(self) -> bool:
        """Whether a synonym group added words the person did not type."""
        return any(c.from_synonym and len(c.alternatives) > 1 for c in self.positive)

    def exact(self) -> ParsedQuery:
        """The query as typed, without the synonyms' words: an entry that has
        the reader's own words ranks above one found through a synonym."""
        return ParsedQuery(
            [
                Clause(c.alternatives[:1], c.negated, apart=c.apart) if c.from_synonym else c
                for c in self.clauses
            ]
        )

    def typed_terms(self) -> list[str]:
        """Each positive clause's words as typed (a synonym clause's first term)."""
        return [c.alternatives[0] for c in self.positive]


def clean(typed: str) -> str:
    """What the page echoes and caches by: printable, single-spaced, not too long."""
    # Control characters (a NUL byte, say) mean nothing here and PostgreSQL refuses them.
    typed = "".join(ch if ch.isprintable() else " " for ch in typed)
    return " ".join(typed.split())[:MAX_LENGTH]


def words_of(text: str, language: str = "en") -> list[str]:
    """The words of a text, lower case; in a language read without accents, folded."""
    text = text.lower()
    if languages.folds_accents(language):
        text = languages.fold(text)
    return [w.strip("'") for w in WORD.findall(text) if w.strip("'")]


def parse(
    typed: str, synonyms: dict[str, list[str]] | None = None, language: str | None = None
) -> ParsedQuery:
    """Quoted phrases, -exclusions, "or" between two parts; every other word is required.
    `synonyms` maps a lower-case term to its whole group; `language` is the
    page's unless given."""
    synonyms = synonyms or {}
    language = languages.searched_language(language)
    stop_words = languages.STOP_WORDS[language]
    # (text, negated, quoted) or None for an "or" between two parts.
    tokens: list[tuple[str, bool, bool] | None] = []
    for match in _TOKEN.finditer(typed):
        minus, phrase, bare = match.groups()
        if phrase is not None:
            words = words_of(phrase, language)
            if words:
                tokens.append((" ".join(words), bool(minus), True))
        elif bare.lower() in _OR[language]:
            tokens.append(None)
        else:
            negated = bare.startswith("-") and len(bare) > 1
            for word in words_of(bare, language):
                tokens.append((word, negated, False))
    clauses: list[Clause] = []
    join_next = False
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token is None:
            join_next = bool(clauses)
            i += 1
            continue
        text, negated, quoted = token
        clause, used = (None, 0) if negated else _synonym_clause(tokens, i, synonyms, stop_words)
        if clause is None:
            if not quoted and text in stop_words:
                i += 1
                continue
            clause, used = Clause([text], negated=negated), 1
        if join_next and not clause.negated and not clauses[-1].negated:
            clauses[-1].alternatives += [
                a for a in clause.alternatives if a not in clauses[-1].alternatives
            ]
        else:
            clauses.append(clause)
        join_next = False
        i += used
    return ParsedQuery(clauses[:MAX_CLAUSES])


def _synonym_clause(
    tokens: list[tuple[str, bool, bool] | None],
    start: int,
    synonyms: dict[str, list[str]],
    stop_words: frozenset[str],
) -> tuple[Clause | None, int]:
    """The longest run of plain words from `start` that is a synonym term."""
    for length in range(_LONGEST_SYNONYM, 0, -1):
        # Words neither negated nor an "or": the run is one only if all of it is such.
        run = [t for t in tokens[start : start + length] if t is not None and not t[1]]
        if len(run) < length:
            continue
        if length > 1 and any(t[2] for t in run):  # a quoted phrase is a term only as a whole
            continue
        term = " ".join(t[0] for t in run)
        if term in synonyms:
            group = synonyms[term]
            alternatives = [term, *[t for t in group if t != term]]
            # Words apart only while each carries meaning: "working out" apart
            # is "working" anywhere.
            apart = len([t for t in run if t[0] not in stop_words]) > 1
            return Clause(alternatives, from_synonym=True, apart=apart), length
    return None, 0


def any_of(
    text: str,
    synonyms: dict[str, list[str]],
    *,
    limit: int = MAX_CLAUSES,
    language: str | None = None,
) -> ParsedQuery:
    """A long text (a question being typed, a Q&A's title) as "any of these words":
    one clause per distinct meaningful word, in order, synonyms expanded."""
    language = languages.searched_language(language)
    parsed = parse(" ".join(_distinct(words_of(text, language))), synonyms, language)
    alternatives: list[str] = []
    for clause in parsed.positive:
        alternatives += [a for a in clause.alternatives if a not in alternatives]
    alternatives = [a for a in alternatives if len(a) > 2][: limit * 2]
    return ParsedQuery([Clause(alternatives)] if alternatives else [])


def _distinct(words: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(words))
