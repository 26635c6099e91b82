"""Running a parsed query: PostgreSQL full-text search (English stemming, a
weighted stored tsvector under a GIN index) or SQLite FTS5 (the Porter stemmer,
bm25 with the same field weights). Both return `Hit`s, best first, with the
date as the tie-break, and an excerpt with the matched words marked."""

from __future__ import annotations

import datetime
import difflib
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.contrib.postgres.search import SearchVector, TrigramSimilarity
from django.db import connection
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
# Work bounded at any archive size: a search ranks the newest matches, at most
# this many, and counts no further ("300 or more answers"). Ranking every match
# of a word found in half of 50,000 answers took a tenth of a second; the newest
# 300 take milliseconds, and thirty pages are more than anyone reads.
RANKED_AT_MOST = 300


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
    """Hits of one kind for a paginator: the ranked ids are read once (their
    number is the count), and each page's rows with their excerpts after."""

    def __init__(self, ranked: Callable[[], list[int]], rows: Callable[[list[int]], list[Hit]]):
        self._ranked, self._rows, self._ids = ranked, rows, None

    def ids(self) -> list[int]:
        if self._ids is None:
            self._ids = self._ranked()
        return self._ids

    def count(self) -> int:
        return len(self.ids())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            wanted = self.ids()[index]
            if not wanted:
                return []
            by_id = {hit.pk: hit for hit in self._rows(wanted)}
            return [by_id[pk] for pk in wanted if pk in by_id]
        return self[index : index + 1][0]


def _empty() -> Results:
    return Results(list, lambda ids: [])


def _hit(pk, kind, heading, url, published_at, question_id, excerpt) -> Hit:
    return Hit(pk, kind, heading, url, published_at, question_id, marked(excerpt))


@functools.cache
def _visible_sql(kind: str, alias: str) -> tuple[str, tuple]:
    """An entry is shown only while its Q&A or drug entry is public (the one
    `published()` rule of each), whatever the index still holds. Compiled once
    per process: the rule is a fixed condition, and compiling it cost more
    than running it."""
    if kind == SearchEntry.Kind.ANSWER:
        sql, params = Question.objects.published().order_by().values("pk").query.sql_with_params()
        return f"{alias}.question_id IN ({sql})", params
    sql, params = Drug.objects.published().order_by().values("pk").query.sql_with_params()
    return f"{alias}.drug_id IN ({sql})", params


# Written as SQL rather than with the ORM's search expressions: building and
# compiling those took longer than PostgreSQL took to run them. Only the
# query's structure comes from the parser; every typed word is a parameter.
_TABLE = SearchEntry._meta.db_table
_HEADLINE_OPTIONS = (
    f'StartSel="{START}", StopSel="{STOP}", MaxWords=30, MinWords=12, '
    'MaxFragments=2, FragmentDelimiter=" … "'
)


class PostgresBackend:
    @staticmethod
    def _group(clause: Clause) -> str:
        parts = [f"phraseto_tsquery('{CONFIG}', %s)"] * len(clause.alternatives)
        if clause.negated:  # none of them
            return "(" + " && ".join(f"!!{part}" for part in parts) + ")"
        return "(" + " || ".join(parts) + ")"

    def tsquery(self, parsed: ParsedQuery, *, every: bool) -> tuple[str, list[str]]:
        """The tsquery as SQL with its parameters (the words and phrases)."""
        joiner = " && " if every else " || "
        sql = "(" + joiner.join(self._group(c) for c in parsed.positive) + ")"
        sql += "".join(f" && {self._group(c)}" for c in parsed.negative)
        # Bracketed whole: `@@` binds no tighter than `&&`.
        return f"({sql})", [a for c in parsed.positive + parsed.negative for a in c.alternatives]

    def ranked_sql(self, parsed: ParsedQuery, *, kind: str, every: bool) -> tuple[str, list]:
        """Ids of the matching public entries, best first: the newest
        RANKED_AT_MOST matches (a rare word's come from the GIN index, a common
        word's from walking the date index until enough are found), ranked by
        the weighted vector, the date breaking ties."""
        query, words = self.tsquery(parsed, every=every)
        visible, visible_params = _visible_sql(kind, "n")
        sql = (
            "SELECT id FROM ("  # noqa: S608 - no typed value in it
            f"SELECT n.id, n.published_at, ts_rank(n.vector, {query}) AS rank FROM {_TABLE} n "
            f"WHERE n.kind = %s AND n.vector @@ {query} AND {visible} "
            "ORDER BY n.published_at DESC, n.id DESC LIMIT %s"
            ") newest ORDER BY rank DESC, published_at DESC NULLS LAST, id DESC"
        )
        return sql, [*words, kind, *words, *visible_params, RANKED_AT_MOST]

    def results(self, parsed: ParsedQuery, *, kind: str, every: bool = True) -> Results:
        if not parsed:
            return _empty()
        query, words = self.tsquery(parsed, every=every)

        def headline(text: str) -> str:
            return f"ts_headline('{CONFIG}', {text}, {query}, %s)"

        if kind == SearchEntry.Kind.ANSWER:
            # From the question when it has the words (short, so quick to mark),
            # else from the question and the answer: PostgreSQL parses the
            # whole text it marks, and an answer runs to thousands of characters.
            both = "e.subtitle || ' \n ' || e.body"
            excerpt = (
                f"CASE WHEN ts_filter(e.vector, '{{b}}') @@ {query} "
                f"THEN {headline('e.subtitle')} ELSE {headline(both)} END"
            )
            excerpt_params = [*words, *words, _HEADLINE_OPTIONS, *words, _HEADLINE_OPTIONS]
        else:  # a drug section's text, not the list of names every section carries
            excerpt, excerpt_params = headline("e.body"), [*words, _HEADLINE_OPTIONS]

        def ranked() -> list[int]:
            with connection.cursor() as cursor:
                cursor.execute(*self.ranked_sql(parsed, kind=kind, every=every))
                return [pk for (pk,) in cursor.fetchall()]

        def rows(ids: list[int]) -> list[Hit]:
            sql = (
                "SELECT e.id, e.kind, e.heading, e.url, e.published_at, e.question_id, "  # noqa: S608
                f"{excerpt} FROM {_TABLE} e WHERE e.id = ANY(%s)"
            )
            with connection.cursor() as cursor:
                cursor.execute(sql, [*excerpt_params, ids])
                return [_hit(*row) for row in cursor.fetchall()]

        return Results(ranked, rows)

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
        visible, visible_params = _visible_sql(kind, "e")
        where = (
            f"FROM search_fts JOIN {_TABLE} e ON e.id = search_fts.rowid "  # noqa: S608 - no typed value in it
            f"WHERE search_fts MATCH %s AND e.kind = %s AND {visible}"
        )
        weights = ", ".join(map(str, FTS_WEIGHTS))

        def ranked() -> list[int]:
            # The newest RANKED_AT_MOST matches, ranked by bm25, as on PostgreSQL.
            sql = (
                f"SELECT id FROM (SELECT e.id, e.published_at, bm25(search_fts, {weights}) AS score "  # noqa: S608
                f"{where} ORDER BY e.published_at DESC, e.id DESC LIMIT %s) "
                "ORDER BY score, published_at DESC, id DESC"
            )
            with connection.cursor() as cursor:
                cursor.execute(sql, [match, kind, *visible_params, RANKED_AT_MOST])
                return [pk for (pk,) in cursor.fetchall()]

        def rows(ids: list[int]) -> list[Hit]:
            placeholders = ", ".join(["%s"] * len(ids))
            sql = (
                "SELECT e.id, e.kind, e.heading, e.url, e.published_at, e.question_id, "  # noqa: S608
                f"snippet(search_fts, {-1 if kind == SearchEntry.Kind.ANSWER else 2}, "
                f"%s, %s, ' … ', 30) {where} AND e.id IN ({placeholders})"
            )
            with connection.cursor() as cursor:
                cursor.execute(sql, [START, STOP, match, kind, *visible_params, *ids])
                found = cursor.fetchall()
            return [_hit(*row[:4], _aware(row[4]), *row[5:]) for row in found]

        return Results(ranked, rows)

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


def _aware(when):
    """SQLite keeps UTC as text."""
    if isinstance(when, str):
        when = parse_datetime(when)
    if when is not None and timezone.is_naive(when):
        when = when.replace(tzinfo=datetime.UTC)
    return when


def backend() -> PostgresBackend | SqliteBackend:
    return PostgresBackend() if connection.vendor == "postgresql" else SqliteBackend()
