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

MAX_LENGTH = 100
MAX_CLAUSES = 24
_LONGEST_SYNONYM = 4  # words

# Words that carry no meaning for search (PostgreSQL's English configuration
# drops them; FTS5 does not, so both get them dropped here).
STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "get",
        "got",
        "still",
        "really",
    ]
)

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD = re.compile(r"[\w']+")


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


def words_of(text: str) -> list[str]:
    return [w.strip("'") for w in _WORD.findall(text.lower()) if w.strip("'")]


def parse(typed: str, synonyms: dict[str, list[str]] | None = None) -> ParsedQuery:
    """Quoted phrases, -exclusions, "or" between two parts; every other word is required.
    `synonyms` maps a lower-case term to its whole group."""
    synonyms = synonyms or {}
    # (text, negated, quoted) or None for an "or" between two parts.
    tokens: list[tuple[str, bool, bool] | None] = []
    for match in _TOKEN.finditer(typed):
        minus, phrase, bare = match.groups()
        if phrase is not None:
            words = words_of(phrase)
            if words:
                tokens.append((" ".join(words), bool(minus), True))
        elif bare.lower() == "or":
            tokens.append(None)
        else:
            negated = bare.startswith("-") and len(bare) > 1
            for word in words_of(bare):
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
        clause, used = (None, 0) if negated else _synonym_clause(tokens, i, synonyms)
        if clause is None:
            if not quoted and text in STOP_WORDS:
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
    tokens: list[tuple[str, bool, bool] | None], start: int, synonyms: dict[str, list[str]]
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
            apart = len([t for t in run if t[0] not in STOP_WORDS]) > 1
            return Clause(alternatives, from_synonym=True, apart=apart), length
    return None, 0


def any_of(text: str, synonyms: dict[str, list[str]], *, limit: int = MAX_CLAUSES) -> ParsedQuery:
    """A long text (a question being typed, a Q&A's title) as "any of these words":
    one clause per distinct meaningful word, in order, synonyms expanded."""
    parsed = parse(" ".join(_distinct(words_of(text))), synonyms)
    alternatives: list[str] = []
    for clause in parsed.positive:
        alternatives += [a for a in clause.alternatives if a not in alternatives]
    alternatives = [a for a in alternatives if len(a) > 2][: limit * 2]
    return ParsedQuery([Clause(alternatives)] if alternatives else [])


def _distinct(words: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(words))
