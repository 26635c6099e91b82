"""Running a parsed query: PostgreSQL full-text search (English stemming, a
weighted stored tsvector under a GIN index) or SQLite FTS5 (the Porter stemmer,
bm25 with the same field weights). Both return `Hit`s, best first, with the
date as the tie-break, and an excerpt with the matched words marked."""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramSimilarity,
)
from django.db import connection
from django.db.models import F, Q, TextField, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from drugs.models import Drug
from questions.models import Question

from .models import SearchEntry, Term
from .query import Clause, ParsedQuery

CONFIG = "english"
# Private-use characters mark the matched words inside an excerpt; the text is
# escaped first and only then are they turned into <mark>, so nothing typed by
# anyone becomes markup. Indexed text never contains them (see index.plain).
START, STOP = "\ue000", "\ue001"
_MARKED = re.compile(f"{START}([^{START}{STOP}]*){STOP}")
# Title, question, answer (a drug section: its heading, the names, its text).
FTS_WEIGHTS = (5.0, 2.0, 1.0)


def marked(excerpt: str) -> SafeString:
    """The excerpt escaped, with each matched part in <mark>."""
    html = _MARKED.sub(r"<mark>\1</mark>", escape(excerpt or ""))
    return mark_safe(html.replace(START, "").replace(STOP, ""))  # noqa: S308 - escaped above


@dataclass(frozen=True)
class Hit:
    pk: int
    kind: str
    heading: str
    url: str
    published_at: object
    question_id: int | None
    excerpt: SafeString


class Results(Sequence):
    """Hits of one kind for a paginator: counted once, fetched a page at a time."""

    def __init__(self, count: Callable[[], int], fetch: Callable[[int, int], list[Hit]]):
        self._count, self._fetch, self._n = count, fetch, None

    def count(self) -> int:
        if self._n is None:
            self._n = self._count()
        return self._n

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop = index.start or 0, index.stop
            if stop is None or stop <= start:
                return []
            return self._fetch(start, stop - start)
        return self._fetch(index, 1)[0]


def _empty() -> Results:
    return Results(lambda: 0, lambda offset, limit: [])


def _hit(row: dict) -> Hit:
    return Hit(
        pk=row["pk"],
        kind=row["kind"],
        heading=row["heading"],
        url=row["url"],
        published_at=row["published_at"],
        question_id=row["question_id"],
        excerpt=marked(row["excerpt"]),
    )


def _visible(kind: str) -> Q:
    """An entry is shown only while its Q&A or drug entry is public (the one
    `published()` rule of each), whatever the index still holds."""
    if kind == SearchEntry.Kind.ANSWER:
        return Q(question__in=Question.objects.published())
    return Q(drug__in=Drug.objects.published())


def _visible_sql(kind: str) -> tuple[str, list]:
    if kind == SearchEntry.Kind.ANSWER:
        sql, params = Question.objects.published().values("pk").query.sql_with_params()
        return f"e.question_id IN ({sql})", list(params)
    sql, params = Drug.objects.published().values("pk").query.sql_with_params()
    return f"e.drug_id IN ({sql})", list(params)


def _excerpt_source(kind: str):
    """An answer's excerpt may come from the question or the answer; a drug
    section's from its text, not from the list of names every section carries."""
    if kind == SearchEntry.Kind.ANSWER:
        return Concat("subtitle", Value(" \n "), "body", output_field=TextField())
    return F("body")


_FIELDS = ("pk", "kind", "heading", "url", "published_at", "question_id")


class PostgresBackend:
    @staticmethod
    def _group(clause: Clause) -> SearchQuery:
        queries = [SearchQuery(a, search_type="phrase", config=CONFIG) for a in clause.alternatives]
        if clause.negated:  # none of them
            return reduce(and_, [~q for q in queries])
        return reduce(or_, queries)

    def tsquery(self, parsed: ParsedQuery, *, every: bool) -> SearchQuery:
        query = reduce(and_ if every else or_, [self._group(c) for c in parsed.positive])
        for clause in parsed.negative:
            query = query & self._group(clause)
        return query

    def matches(self, query: SearchQuery, *, kind: str):
        """The public entries of one kind that match (`vector @@ query`: the GIN index)."""
        return SearchEntry.objects.filter(kind=kind, vector=query).filter(_visible(kind))

    def results(self, parsed: ParsedQuery, *, kind: str, every: bool = True) -> Results:
        if not parsed:
            return _empty()
        query = self.tsquery(parsed, every=every)
        matches = self.matches(query, kind=kind)

        def fetch(offset: int, limit: int) -> list[Hit]:
            rows = (
                matches.annotate(
                    rank=SearchRank(F("vector"), query),
                    excerpt=SearchHeadline(
                        _excerpt_source(kind),
                        query,
                        config=CONFIG,
                        start_sel=START,
                        stop_sel=STOP,
                        max_words=30,
                        min_words=12,
                        max_fragments=2,
                        fragment_delimiter=" … ",
                    ),
                )
                .order_by("-rank", F("published_at").desc(nulls_last=True), "-pk")
                .values(*_FIELDS, "excerpt")[offset : offset + limit]
            )
            return [_hit(row) for row in rows]

        return Results(matches.count, fetch)

    def after_write(self, pks: list[int]) -> None:
        SearchEntry.objects.filter(pk__in=pks).update(
            vector=SearchVector("title", weight="A", config=CONFIG)
            + SearchVector("subtitle", weight="B", config=CONFIG)
            + SearchVector("body", weight="C", config=CONFIG)
        )

    def before_delete(self, entries: list[SearchEntry]) -> None:
        pass

    def clear(self) -> None:
        pass

    def closest_word(self, word: str) -> str | None:
        """The most similar known word by trigrams (pg_trgm's index on Term.word)."""
        return (
            Term.objects.filter(word__trigram_similar=word)
            .annotate(similarity=TrigramSimilarity("word", word))
            .order_by("-similarity", "word")
            .values_list("word", flat=True)
            .first()
        )


class SqliteBackend:
    @staticmethod
    def _group(clause: Clause) -> str:
        return "(" + " OR ".join(f'"{a}"' for a in clause.alternatives) + ")"

    def match(self, parsed: ParsedQuery, *, every: bool) -> str:
        joiner = " AND " if every else " OR "
        expression = "(" + joiner.join(self._group(c) for c in parsed.positive) + ")"
        return expression + "".join(f" NOT {self._group(c)}" for c in parsed.negative)

    def results(self, parsed: ParsedQuery, *, kind: str, every: bool = True) -> Results:
        if not parsed:
            return _empty()
        match = self.match(parsed, every=every)
        table = SearchEntry._meta.db_table
        visible_sql, visible_params = _visible_sql(kind)
        where = (
            f"FROM search_fts JOIN {table} e ON e.id = search_fts.rowid "  # noqa: S608 - no typed value in it
            f"WHERE search_fts MATCH %s AND e.kind = %s AND {visible_sql}"
        )

        def count() -> int:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT count(*) {where}", [match, kind, *visible_params])  # noqa: S608
                return cursor.fetchone()[0]

        def fetch(offset: int, limit: int) -> list[Hit]:
            weights = ", ".join(map(str, FTS_WEIGHTS))
            sql = (
                "SELECT e.id, e.kind, e.heading, e.url, e.published_at, e.question_id, "  # noqa: S608
                f"snippet(search_fts, {-1 if kind == SearchEntry.Kind.ANSWER else 2}, "
                f"%s, %s, ' … ', 30) {where} "
                f"ORDER BY bm25(search_fts, {weights}), e.published_at DESC, e.id DESC "
                "LIMIT %s OFFSET %s"
            )
            with connection.cursor() as cursor:
                cursor.execute(sql, [START, STOP, match, kind, *visible_params, limit, offset])
                rows = cursor.fetchall()
            hits = []
            for pk, kind_, heading, url, when, question_id, excerpt in rows:
                if isinstance(when, str):  # SQLite keeps UTC as text
                    when = parse_datetime(when)
                if when is not None and timezone.is_naive(when):
                    when = when.replace(tzinfo=datetime.UTC)
                hits.append(
                    _hit(
                        {
                            "pk": pk,
                            "kind": kind_,
                            "heading": heading,
                            "url": url,
                            "published_at": when,
                            "question_id": question_id,
                            "excerpt": excerpt,
                        }
                    )
                )
            return hits

        return Results(count, fetch)

    def after_write(self, pks: list[int]) -> None:
        table = SearchEntry._meta.db_table
        placeholders = ", ".join(["%s"] * len(pks))
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO search_fts(rowid, title, subtitle, body) "  # noqa: S608
                f"SELECT id, title, subtitle, body FROM {table} WHERE id IN ({placeholders})",
                pks,
            )

    def before_delete(self, entries: list[SearchEntry]) -> None:
        # An external-content FTS5 table forgets a row only when told its old values.
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_fts(search_fts, rowid, title, subtitle, body) "
                "VALUES ('delete', %s, %s, %s, %s)",
                [(e.pk, e.title, e.subtitle, e.body) for e in entries],
            )

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('delete-all')")

    def closest_word(self, word: str) -> str | None:
        # No trigram index in SQLite: difflib over the known words that start
        # with the same letter (people rarely mistype the first one).
        candidates = Term.objects.filter(word__gte=word[0], word__lt=word[0] + "\uffff")
        close = difflib.get_close_matches(
            word, list(candidates.values_list("word", flat=True)), n=1, cutoff=0.75
        )
        return close[0] if close else None


def backend() -> PostgresBackend | SqliteBackend:
    return PostgresBackend() if connection.vendor == "postgresql" else SqliteBackend()
