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
# this many, and counts no further ("200 or more answers"). Ranking every match
# of a word found in half of 50,000 answers took a tenth of a second; the newest
# 200 take milliseconds, and twenty pages are more than anyone reads.
RANKED_AT_MOST = 200


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
    """Hits of one kind for a paginator: the ranking (entry and Q&A ids) is
    read once, its length is the count, and each page's rows after."""

    def __init__(
        self,
        ranked: Callable[[], list[tuple[int, int | None]]],
        rows: Callable[[list[int]], list[Hit]],
    ):
        self._ranked, self._rows, self._found = ranked, rows, None
        self._kept: dict[int, Hit] = {}

    def keep(self, hits: list[Hit]) -> None:
        """Rows read beforehand (see `_Engine.prefetch`)."""
        self._kept.update((hit.pk, hit) for hit in hits)

    def _ranking(self) -> list[tuple[int, int | None]]:
        if self._found is None:
            self._found = self._ranked()
        return self._found

    def ids(self) -> list[int]:
        return [pk for pk, _ in self._ranking()]

    def question_ids(self) -> list[int | None]:
        """The Q&A of each hit, best first, without reading any row."""
        return [question_id for _, question_id in self._ranking()]

    def count(self) -> int:
        return len(self._ranking())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            wanted = self.ids()[index]
            missing = [pk for pk in wanted if pk not in self._kept]
            by_id = (
                {**self._kept, **{hit.pk: hit for hit in self._rows(missing)}}
                if missing
                else self._kept
            )
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


def _union_all(queries: list[tuple[str, list]], name: str) -> tuple[str, list]:
    """Several SELECTs of the same columns as one, each kept whole (with its own
    ORDER BY and LIMIT) as a subquery."""
    sql = " UNION ALL ".join(
        f"SELECT * FROM ({query}) AS {name}_{n}"  # noqa: S608 - parameters only
        for n, (query, _) in enumerate(queries)
    )
    return sql, [param for _, params in queries for param in params]


class _Engine:
    """What both engines share: one query ranks the matches of every kind
    asked for (each kind's newest RANKED_AT_MOST, best first), another reads
    the rows shown, of one kind or several, with their excerpts."""

    def newest_sql(self, parsed: ParsedQuery, *, kind: str, every: bool) -> tuple[str, list]:
        """kind, id, question_id, published_at and score (higher is better) of
        the newest matches of one kind."""
        raise NotImplementedError

    def rows_sql(
        self, parsed: ParsedQuery, *, kind: str, every: bool, ids: list[int], excerpts: bool
    ) -> tuple[str, list]:
        """id, kind, heading, url, published_at, question_id and excerpt of `ids`."""
        raise NotImplementedError

    def rows(self, parsed: ParsedQuery, *, every: bool, excerpts: bool, wanted: dict) -> list[Hit]:
        """The rows of the ids wanted of each kind, in one round trip."""
        queries = [
            self.rows_sql(parsed, kind=kind, every=every, ids=ids, excerpts=excerpts)
            for kind, ids in wanted.items()
            if ids
        ]
        if not queries:
            return []
        with connection.cursor() as cursor:
            cursor.execute(*_union_all(queries, "rows"))
            return [_hit(*row[:4], _aware(row[4]), *row[5:]) for row in cursor.fetchall()]

    def ranked_sql(self, parsed: ParsedQuery, *, kinds, every: bool) -> tuple[str, list]:
        """(kind, id, question_id) of the matching public entries, each kind best
        first, the date breaking ties; one round trip for answers and drug sections."""
        matches, params = _union_all(
            [self.newest_sql(parsed, kind=kind, every=every) for kind in kinds], "newest"
        )
        sql = (
            "SELECT kind, id, question_id FROM (SELECT kind, id, question_id, "  # noqa: S608
            "row_number() OVER (PARTITION BY kind "
            "ORDER BY score DESC, published_at DESC NULLS LAST, id DESC) AS position "
            f"FROM ({matches}) AS matches) AS ranked ORDER BY kind, position"
        )
        return sql, params

    def results_by_kind(
        self, parsed: ParsedQuery, kinds, *, every: bool = True, excerpts: bool = True
    ) -> dict:
        """A `Results` per kind; the ranking of all of them is read on first use.
        Without `excerpts` the rows come unmarked (a list of titles needs none)."""
        if not parsed:
            return {kind: _empty() for kind in kinds}
        ranked: dict[str, list[tuple[int, int | None]]] = {}

        def ranking_of(kind: str) -> list[tuple[int, int | None]]:
            if not ranked:
                ranked.update({k: [] for k in kinds})
                with connection.cursor() as cursor:
                    cursor.execute(*self.ranked_sql(parsed, kinds=kinds, every=every))
                    for found_kind, pk, question_id in cursor.fetchall():
                        ranked[found_kind].append((pk, question_id))
            return ranked[kind]

        def rows_of(kind: str, ids: list[int]) -> list[Hit]:
            return self.rows(parsed, every=every, excerpts=excerpts, wanted={kind: ids})

        return {
            kind: Results(
                lambda kind=kind: ranking_of(kind), lambda ids, kind=kind: rows_of(kind, ids)
            )
            for kind in kinds
        }

    def prefetch(
        self, parsed: ParsedQuery, found: dict, shown: dict, *, every: bool = True
    ) -> None:
        """Read the first rows of several kinds (`shown`: how many of each) in
        one round trip, for the results page that lists them together."""
        wanted = {kind: found[kind].ids()[:n] for kind, n in shown.items()}
        hits = self.rows(parsed, every=every, excerpts=True, wanted=wanted)
        for kind in wanted:
            found[kind].keep([hit for hit in hits if hit.kind == kind])

    def results(
        self, parsed: ParsedQuery, *, kind: str, every: bool = True, excerpts: bool = True
    ) -> Results:
        return self.results_by_kind(parsed, [kind], every=every, excerpts=excerpts)[kind]


class PostgresBackend(_Engine):
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

    def newest_sql(self, parsed: ParsedQuery, *, kind: str, every: bool) -> tuple[str, list]:
        # A rare word's matches come from the GIN index; for a common word
        # PostgreSQL walks the date index until it has found enough.
        query, words = self.tsquery(parsed, every=every)
        visible, visible_params = _visible_sql(kind, "n")
        sql = (
            "SELECT n.kind, n.id, n.question_id, n.published_at, "  # noqa: S608 - no typed value in it
            f"ts_rank(n.vector, {query}) AS score "
            f"FROM {_TABLE} n WHERE n.kind = %s AND n.vector @@ {query} AND {visible} "
            "ORDER BY n.published_at DESC, n.id DESC LIMIT %s"
        )
        return sql, [*words, kind, *words, *visible_params, RANKED_AT_MOST]

    def rows_sql(
        self, parsed: ParsedQuery, *, kind: str, every: bool, ids: list[int], excerpts: bool
    ) -> tuple[str, list]:
        query, words = self.tsquery(parsed, every=every)

        def headline(text: str) -> str:
            return f"ts_headline('{CONFIG}', {text}, {query}, %s)"

        if not excerpts:
            excerpt, params = "''", []
        elif kind == SearchEntry.Kind.ANSWER:
            # From the question when it has the words (short, so quick to mark),
            # else from the question and the answer: PostgreSQL parses the
            # whole text it marks, and an answer runs to thousands of characters.
            both = "e.subtitle || ' \n ' || e.body"
            excerpt = (
                f"CASE WHEN ts_filter(e.vector, '{{b}}') @@ {query} "
                f"THEN {headline('e.subtitle')} ELSE {headline(both)} END"
            )
            params = [*words, *words, _HEADLINE_OPTIONS, *words, _HEADLINE_OPTIONS]
        else:  # a drug section's text, not the list of names every section carries
            excerpt, params = headline("e.body"), [*words, _HEADLINE_OPTIONS]
        sql = (
            "SELECT e.id, e.kind, e.heading, e.url, e.published_at, e.question_id, "  # noqa: S608
            f"{excerpt} AS excerpt FROM {_TABLE} e WHERE e.id = ANY(%s)"
        )
        return sql, [*params, ids]

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


class SqliteBackend(_Engine):
    @staticmethod
    def _group(clause: Clause) -> str:
        return "(" + " OR ".join(f'"{a}"' for a in clause.alternatives) + ")"

    def match(self, parsed: ParsedQuery, *, every: bool) -> str:
        joiner = " AND " if every else " OR "
        expression = "(" + joiner.join(self._group(c) for c in parsed.positive) + ")"
        return expression + "".join(f" NOT {self._group(c)}" for c in parsed.negative)

    def _where(self, parsed: ParsedQuery, *, kind: str, every: bool) -> tuple[str, list]:
        visible, visible_params = _visible_sql(kind, "e")
        where = (
            f"FROM search_fts JOIN {_TABLE} e ON e.id = search_fts.rowid "  # noqa: S608 - no typed value in it
            f"WHERE search_fts MATCH %s AND e.kind = %s AND {visible}"
        )
        return where, [self.match(parsed, every=every), kind, *visible_params]

    def newest_sql(self, parsed: ParsedQuery, *, kind: str, every: bool) -> tuple[str, list]:
        where, params = self._where(parsed, kind=kind, every=every)
        weights = ", ".join(map(str, FTS_WEIGHTS))
        sql = (
            "SELECT e.kind, e.id, e.question_id, e.published_at, "  # noqa: S608
            f"-bm25(search_fts, {weights}) AS score {where} "
            "ORDER BY e.published_at DESC, e.id DESC LIMIT %s"
        )
        return sql, [*params, RANKED_AT_MOST]

    def rows_sql(
        self, parsed: ParsedQuery, *, kind: str, every: bool, ids: list[int], excerpts: bool
    ) -> tuple[str, list]:
        where, params = self._where(parsed, kind=kind, every=every)
        placeholders = ", ".join(["%s"] * len(ids))
        column = -1 if kind == SearchEntry.Kind.ANSWER else 2
        excerpt = f"snippet(search_fts, {column}, %s, %s, ' … ', 30)" if excerpts else "''"
        sql = (
            "SELECT e.id, e.kind, e.heading, e.url, e.published_at, e.question_id, "  # noqa: S608
            f"{excerpt} AS excerpt {where} AND e.id IN ({placeholders})"
        )
        return sql, [*([START, STOP] if excerpts else []), *params, *ids]

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
