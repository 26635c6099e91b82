"""What both backends share: how a search is run, whichever database runs it.

A search is two queries. The first ranks the matches of every kind asked for
(answers and drug sections) in one round trip and returns ids only; the second
reads the rows shown, with their excerpts, also for several kinds at once. A
backend supplies the SQL of one kind's matches and of one kind's rows
(`newest_sql`, `rows_sql`); this module joins them and reads the results.

Written as SQL rather than with the ORM's search expressions: building and
compiling those took longer than PostgreSQL took to run them. Only the query's
structure comes from the parser; every typed word is a parameter.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from drugs.models import Drug, DrugTranslation
from questions.models import AnswerTranslation, Question

from ..excerpts import marked
from ..languages import searched_language
from ..models import SearchEntry
from ..query import Clause, ParsedQuery
from ..results import Hit, Results

# Work bounded at any archive size: a search ranks the newest matches, at most
# this many, and counts no further ("200 or more answers"). Ranking every match
# of a word found in half of 50,000 answers took a tenth of a second; the newest
# 200 take milliseconds, and twenty pages are more than anyone reads.
RANKED_AT_MOST = 200


@contextmanager
def _search_cursor() -> Iterator[CursorWrapper]:
    """A cursor whose queries PostgreSQL plans for the words searched, each
    time. Prepared (DATABASE_PREPARED_STATEMENTS), a search would run on a
    generic plan made once for any words, which read many times the rows a
    rare word needs: its SQL went from 3 to 12 ms. psycopg's connection
    `prepare_threshold` is the switch; SQLite has none."""
    with connection.cursor() as cursor:
        raw = connection.connection
        kept = getattr(raw, "prepare_threshold", None)
        if kept is not None:
            raw.prepare_threshold = None
        try:
            yield cursor
        finally:
            if kept is not None:
                raw.prepare_threshold = kept


TABLE = SearchEntry._meta.db_table

# The date a hit shows: the Q&A's own, read from it, never the index's copy
# (which orders the matches and could lag behind the page).
PUBLISHED_AT = (
    f"(SELECT q.published_at FROM {Question._meta.db_table} q "  # noqa: S608 - no input
    "WHERE q.id = e.question_id)"
)

# A synonym is never expanded to a term more than this share of the entries
# have: it would match most of the text ("working out" is "work" to
# PostgreSQL, which drops "out").
COMMON_SHARE = 0.5
# ... once the index is large enough for "most" to mean anything: in a new
# site's handful of entries every word of a group is in half of them.
COMMON_AT_LEAST = 20
# ... among the entries of the language written last, this many (all of them on
# a smaller site): a share is as plain in 2,000 entries as in 50,000, and
# asking it of 50,000 took 0.4 s, at the first search after each publication.
# An entry is written again when its Q&A is signed again, and a rebuild writes
# the drug sections last: the last written are the Q&As changed most recently
# and, after a rebuild, the drug reference.
COMMON_SAMPLE = 2000

# How much more an entry with the words as typed scores than one found only
# through a synonym's words.
EXACT_FACTOR = 2


@functools.cache
def visible_sql(kind: str, alias: str, language: str) -> tuple[str, tuple]:
    """The SQL condition that an entry of `kind` (table alias `alias`) in
    `language` is public.

    An entry is shown only while its Q&A or drug entry is public, by the one
    `published()` rule of each, and, in another language, while its signed
    translation is the current one, whatever the index still holds: a
    withdrawal hides the entry even before the index is told. Compiled once per
    process: the rule is a fixed condition, and compiling it cost more than
    running it."""
    public: QuerySet[Any]
    current: QuerySet[Any]
    if kind == SearchEntry.Kind.ANSWER:
        public = Question.objects.published()
        if language != settings.LANGUAGE_CODE:
            current = AnswerTranslation.objects.filter(language=language, is_current=True)
            public = public.filter(Exists(current.filter(question=OuterRef("pk"))))
        column = "question_id"
    else:
        public = Drug.objects.published()
        if language != settings.LANGUAGE_CODE:
            current = DrugTranslation.objects.current(language)
            public = public.filter(Exists(current.filter(entry=OuterRef("pk"))))
        column = "drug_id"
    sql, params = public.order_by().values("pk").query.sql_with_params()
    return f"{alias}.language = %s AND {alias}.{column} IN ({sql})", (language, *params)


def _union_all(queries: list[tuple[str, list]], name: str) -> tuple[str, list]:
    """Several SELECTs of the same columns as one, so several kinds cost one
    round trip. Each is kept whole, as a subquery, because each has its own
    ORDER BY and LIMIT, which a bare UNION ALL would refuse or apply to the whole."""
    sql = " UNION ALL ".join(
        f"SELECT * FROM ({query}) AS {name}_{n}"  # noqa: S608 - parameters only
        for n, (query, _) in enumerate(queries)
    )
    return sql, [param for _, params in queries for param in params]


def _empty() -> Results:
    return Results(list, lambda ids: [])


def _aware(when: datetime.datetime | str | None) -> datetime.datetime | None:
    """An aware datetime from either database: in a raw query SQLite returns
    the stored UTC time as text, where PostgreSQL returns a datetime."""
    if isinstance(when, str):
        when = parse_datetime(when)
    if when is not None and timezone.is_naive(when):
        when = when.replace(tzinfo=datetime.UTC)
    return when


class Engine:
    """A search backend. Subclasses write the SQL of one kind's matches and
    rows, keep the database's own index in step with the entries, and find the
    closest known word for "Did you mean …?". An engine searches the entries
    of one language (the page's unless given); it writes those of any."""

    def __init__(self, language: str | None = None) -> None:
        self.language = searched_language(language)

    def newest_sql(
        self, parsed: ParsedQuery, *, kind: str, every: bool, limit: int
    ) -> tuple[str, list]:
        """kind, id, question_id, published_at, matched and score (higher is
        better) of the newest `limit` matches of one kind. `every`: all the
        query's clauses must match, else any of them; `matched` is then how many
        do (see `matched_sql`)."""
        raise NotImplementedError

    def topic_score_sql(self, topic: ParsedQuery) -> tuple[str, list]:
        """How well the entry whose id is `t.id` matches any of `topic`'s clauses,
        scored as the ranking scores (higher is better), 0 when it has none."""
        raise NotImplementedError

    def has_clause_sql(self, clause: Clause) -> tuple[str, list]:
        """An SQL condition that the entry being ranked has the clause."""
        raise NotImplementedError

    def matched_sql(self, parsed: ParsedQuery, *, every: bool) -> tuple[str, list]:
        """How many of the query's clauses an entry has, when any may match: an
        entry with three of the reader's four words comes before one with a
        single word however often it says it. 0 when all must match."""
        if every or len(parsed.positive) < 2:
            return "0", []
        parts = [self.has_clause_sql(clause) for clause in parsed.positive]
        sql = " + ".join(f"(CASE WHEN {part} THEN 1 ELSE 0 END)" for part, _ in parts)
        return f"({sql})", [param for _, params in parts for param in params]

    def rows_sql(
        self, parsed: ParsedQuery, *, kind: str, every: bool, ids: list[int], excerpts: bool
    ) -> tuple[str, list]:
        """id, kind, heading, url, published_at, question_id and excerpt of
        `ids`, the excerpt with the matched words between START and STOP (see
        search.excerpts), or empty without `excerpts`."""
        raise NotImplementedError

    def after_write(self, pks: list[int]) -> None:
        """Index the entries just created."""
        raise NotImplementedError

    def before_delete(self, entries: list[SearchEntry]) -> None:
        """Forget the entries about to be deleted."""
        raise NotImplementedError

    def clear(self) -> None:
        """Forget every entry, before a rebuild."""
        raise NotImplementedError

    def closest_word(self, word: str) -> str | None:
        """The known word (a `Term`) most like a misspelt one, if any is close."""
        raise NotImplementedError

    def common_sql(self, terms: list[str]) -> tuple[str, list]:
        """(term, whether more than COMMON_SHARE of the COMMON_SAMPLE entries
        of the language written last have it, and at least COMMON_AT_LEAST,
        as this database matches it) for each term, in one query."""
        raise NotImplementedError

    def clause_sql(self, clause: Clause) -> tuple[str, list]:
        """An SQL condition that some entry has any of the clause's terms."""
        raise NotImplementedError

    def clauses_found(self, clauses: list[Clause]) -> list[bool]:
        """For each clause, whether any entry has it (one query)."""
        if not clauses:
            return []
        parts = [self.clause_sql(c) for c in clauses]
        with _search_cursor() as cursor:
            cursor.execute(
                "SELECT " + ", ".join(sql for sql, _ in parts),
                [p for _, params in parts for p in params],
            )
            return [bool(value) for value in cursor.fetchone()]

    def common_terms(self, terms: list[str]) -> set[str]:
        if not terms:
            return set()
        with _search_cursor() as cursor:
            cursor.execute(*self.common_sql(terms))
            return {term for term, common in cursor.fetchall() if common}

    def rows(
        self, parsed: ParsedQuery, *, every: bool, excerpts: bool, wanted: dict[str, list[int]]
    ) -> list[Hit]:
        """The rows of the ids wanted of each kind, in one round trip."""
        queries = [
            self.rows_sql(parsed, kind=kind, every=every, ids=ids, excerpts=excerpts)
            for kind, ids in wanted.items()
            if ids
        ]
        if not queries:
            return []
        with _search_cursor() as cursor:
            cursor.execute(*_union_all(queries, "rows"))
            return [
                Hit(pk, kind, heading, url, _aware(published_at), question_id, marked(excerpt))
                for pk, kind, heading, url, published_at, question_id, excerpt in cursor.fetchall()
            ]

    def ranked_sql(
        self,
        parsed: ParsedQuery,
        *,
        kinds: list[str],
        every: bool,
        topic: ParsedQuery | None = None,
    ) -> tuple[str, list]:
        """(kind, id, question_id) of the matching public entries, each kind
        best first, the date breaking ties; one round trip for answers and drug
        sections. Only the newest RANKED_AT_MOST matches of each kind are ranked
        (see there for why). With `topic`, drug sections are ranked by those of
        the words first (see `results_by_kind`)."""
        queries = []
        for kind in kinds:
            sql, params = self.newest_sql(parsed, kind=kind, every=every, limit=RANKED_AT_MOST)
            if topic and kind == SearchEntry.Kind.DRUG_SECTION:
                score, score_params = self.topic_score_sql(topic)
                sql = f"SELECT *, {score} AS topic FROM ({sql}) AS t"  # noqa: S608 - parameters only
                params = [*score_params, *params]
            else:
                sql = f"SELECT *, 0 AS topic FROM ({sql}) AS t"  # noqa: S608 - no input
            queries.append((sql, params))
        matches, params = _union_all(queries, "newest")
        sql = (
            "SELECT kind, id, question_id FROM (SELECT kind, id, question_id, "  # noqa: S608
            "row_number() OVER (PARTITION BY kind ORDER BY matched DESC, topic DESC, "
            "score DESC, published_at DESC NULLS LAST, id DESC) AS position "
            f"FROM ({matches}) AS matches) AS ranked ORDER BY kind, position"
        )
        return sql, params

    def results_by_kind(
        self,
        parsed: ParsedQuery,
        kinds: list[str],
        *,
        every: bool = True,
        excerpts: bool = True,
        topic: ParsedQuery | None = None,
    ) -> dict[str, Results]:
        """A `Results` per kind. The ranking of all of them is read on first
        use of any, in one query. Without `excerpts` the rows come unmarked: a
        list of titles (similar questions, likely duplicates) needs none, and
        the database then does no excerpt work at all. `topic`: the words of the
        query that drug sections are ranked by first, when the others name a
        therapy, which every section of its page has alike."""
        if not parsed:
            return {kind: _empty() for kind in kinds}
        ranked: dict[str, list[tuple[int, int | None]]] = {}

        def ranking_of(kind: str) -> list[tuple[int, int | None]]:
            if not ranked:
                ranked.update({k: [] for k in kinds})
                with _search_cursor() as cursor:
                    cursor.execute(*self.ranked_sql(parsed, kinds=kinds, every=every, topic=topic))
                    for found_kind, pk, question_id in cursor.fetchall():
                        ranked[found_kind].append((pk, question_id))
            return ranked[kind]

        def rows_of(kind: str, ids: list[int]) -> list[Hit]:
            return self.rows(parsed, every=every, excerpts=excerpts, wanted={kind: ids})

        return {
            kind: Results(functools.partial(ranking_of, kind), functools.partial(rows_of, kind))
            for kind in kinds
        }

    def prefetch(
        self,
        parsed: ParsedQuery,
        found: dict[str, Results],
        shown: dict[str, int],
        *,
        every: bool = True,
    ) -> None:
        """Read the first rows of several kinds (`shown`: how many of each) in
        one round trip, for the results page that lists them together: without
        it, each kind's first page would cost a query of its own."""
        wanted = {kind: found[kind].ids()[:n] for kind, n in shown.items()}
        hits = self.rows(parsed, every=every, excerpts=True, wanted=wanted)
        for kind in wanted:
            found[kind].keep([hit for hit in hits if hit.kind == kind])

    def results(
        self, parsed: ParsedQuery, *, kind: str, every: bool = True, excerpts: bool = True
    ) -> Results:
        """The `Results` of one kind."""
        return self.results_by_kind(parsed, [kind], every=every, excerpts=excerpts)[kind]
