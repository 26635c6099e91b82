"""Search on SQLite, so that a clone runs the whole site without PostgreSQL.

An FTS5 table per language (`search_fts` with the Porter stemmer for English,
`search_fts_es` with accents folded for Spanish, whose words are searched as
their Snowball stems' prefixes: search.languages) is an external-content index
of the entries' title, subtitle and body, by rowid: it stores no copy of the
text, so this backend keeps each in step with every write and delete. `bm25` scores the matches with the same field weights
as PostgreSQL's A, B and C, and `snippet` marks the excerpts. "Did you mean …?"
has no trigram index here and compares the known words in Python.
"""

from __future__ import annotations

import difflib

from django.db import connection

from ..excerpts import START, STOP
from ..languages import FTS_TABLES, folds_accents, prefix
from ..models import SearchEntry, Term
from ..query import Clause, ParsedQuery
from .engine import (
    COMMON_AT_LEAST,
    COMMON_SAMPLE,
    COMMON_SHARE,
    EXACT_FACTOR,
    PUBLISHED_AT,
    TABLE,
    Engine,
    visible_sql,
)

# bm25 weights of title, subtitle and body: a word in a Q&A's title or question
# outranks the same word said many times in a long answer about something else.
FTS_WEIGHTS = (10.0, 4.0, 1.0)


class SqliteBackend(Engine):
    @property
    def table(self) -> str:
        """The FTS5 table of the language searched."""
        return FTS_TABLES[self.language]

    def _phrase(self, text: str) -> str:
        """An FTS5 phrase: as typed in English (the table stems), each word's
        stem as a prefix in a language whose table cannot stem."""
        if not folds_accents(self.language):
            return f'"{text}"'
        parts = []
        for word in text.split():
            start = prefix(word, self.language)
            parts.append(f'"{start}"' if start == word else f'"{start}" *')
        return " + ".join(parts)

    def _group(self, clause: Clause) -> str:
        # Each alternative as an FTS5 string, a phrase when it has several
        # words. The parser's words contain no double quote (search.query's
        # words_of), so none can end the string early.
        parts = [self._phrase(a) for a in clause.alternatives]
        if clause.apart:
            words = clause.alternatives[0].split()
            parts[0] = "(" + " AND ".join(self._phrase(w) for w in words) + ")"
        return "(" + " OR ".join(parts) + ")"

    def match(self, parsed: ParsedQuery, *, every: bool) -> str:
        """The FTS5 query; it is passed as a parameter of MATCH."""
        joiner = " AND " if every else " OR "
        expression = "(" + joiner.join(self._group(c) for c in parsed.positive) + ")"
        return expression + "".join(f" NOT {self._group(c)}" for c in parsed.negative)

    def _where(self, parsed: ParsedQuery, *, kind: str, every: bool) -> tuple[str, list]:
        visible, visible_params = visible_sql(kind, "e", self.language)
        fts = self.table
        # The typed words go in the MATCH expression, a parameter, never into the SQL.
        where = (
            f"FROM {fts} JOIN {TABLE} e ON e.id = {fts}.rowid "  # noqa: S608
            f"WHERE {fts} MATCH %s AND e.kind = %s AND {visible}"
        )
        return where, [self.match(parsed, every=every), kind, *visible_params]

    def newest_sql(
        self, parsed: ParsedQuery, *, kind: str, every: bool, limit: int
    ) -> tuple[str, list]:
        where, params = self._where(parsed, kind=kind, every=every)
        weights = ", ".join(map(str, FTS_WEIGHTS))
        # bm25 is lower for a better match; negated, higher is better, as the
        # engine's ranking expects of every backend.
        fts = self.table
        score, score_params = f"-bm25({fts}, {weights})", []
        if parsed.expanded:
            # The reader's own words count twice a synonym's.
            score = (
                f"{score} * (CASE WHEN e.id IN (SELECT rowid FROM {fts} "  # noqa: S608
                f"WHERE {fts} MATCH %s) THEN {EXACT_FACTOR} ELSE 1 END)"
            )
            score_params = [self.match(parsed.exact(), every=every)]
        matched, matched_params = self.matched_sql(parsed, every=every)
        sql = (
            "SELECT e.kind, e.id, e.question_id, e.published_at, "  # noqa: S608
            f"{matched} AS matched, {score} AS score {where} "
            "ORDER BY e.published_at DESC, e.id DESC LIMIT %s"
        )
        return sql, [*matched_params, *score_params, *params, limit]

    def topic_score_sql(self, topic: ParsedQuery) -> tuple[str, list]:
        weights = ", ".join(map(str, FTS_WEIGHTS))
        fts = self.table
        sql = (
            f"coalesce((SELECT -bm25({fts}, {weights}) FROM {fts} "  # noqa: S608
            f"WHERE {fts} MATCH %s AND {fts}.rowid = t.id), 0)"
        )
        return sql, [self.match(topic, every=False)]

    def has_clause_sql(self, clause: Clause) -> tuple[str, list]:
        # A subquery of its own: FTS5 takes one MATCH per table reference.
        sql = f"e.id IN (SELECT rowid FROM {self.table} WHERE {self.table} MATCH %s)"  # noqa: S608
        return sql, [self._group(clause)]

    def rows_sql(
        self, parsed: ParsedQuery, *, kind: str, every: bool, ids: list[int], excerpts: bool
    ) -> tuple[str, list]:
        # snippet() needs the MATCH of the query to know what to mark, so the
        # rows are read through the same join as the ranking.
        where, params = self._where(parsed, kind=kind, every=every)
        placeholders = ", ".join(["%s"] * len(ids))
        # An answer's excerpt from the column FTS5 finds best (-1); a drug
        # section's from its text (2), not the list of names every section carries.
        column = -1 if kind == SearchEntry.Kind.ANSWER else 2
        excerpt = f"snippet({self.table}, {column}, %s, %s, ' … ', 30)" if excerpts else "''"
        sql = (
            f"SELECT e.id, e.kind, e.heading, e.url, {PUBLISHED_AT}, e.question_id, "  # noqa: S608
            f"{excerpt} AS excerpt {where} AND e.id IN ({placeholders})"
        )
        return sql, [*([START, STOP] if excerpts else []), *params, *ids]

    def after_write(self, pks: list[int]) -> None:
        placeholders = ", ".join(["%s"] * len(pks))
        with connection.cursor() as cursor:
            for language, fts in FTS_TABLES.items():
                cursor.execute(
                    f"INSERT INTO {fts}(rowid, title, subtitle, body) "  # noqa: S608
                    f"SELECT id, title, subtitle, body FROM {TABLE} "
                    f"WHERE language = %s AND id IN ({placeholders})",
                    [language, *pks],
                )

    def before_delete(self, entries: list[SearchEntry]) -> None:
        # An external-content FTS5 table forgets a row only when told its old values.
        with connection.cursor() as cursor:
            for language, fts in FTS_TABLES.items():
                rows = [
                    (e.pk, e.title, e.subtitle, e.body) for e in entries if e.language == language
                ]
                if rows:
                    cursor.executemany(
                        f"INSERT INTO {fts}({fts}, rowid, title, subtitle, body) "  # noqa: S608
                        "VALUES ('delete', %s, %s, %s, %s)",
                        rows,
                    )

    def clear(self) -> None:
        with connection.cursor() as cursor:
            for fts in FTS_TABLES.values():
                cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('delete-all')")  # noqa: S608

    def clause_sql(self, clause: Clause) -> tuple[str, list]:
        sql = f"EXISTS (SELECT 1 FROM {self.table} WHERE {self.table} MATCH %s)"  # noqa: S608
        return sql, [self._group(Clause(clause.alternatives, apart=clause.apart))]

    def common_sql(self, terms: list[str]) -> tuple[str, list]:
        sample = (
            f"SELECT id FROM {TABLE} WHERE language = '{self.language}' "  # noqa: S608
            f"ORDER BY id DESC LIMIT {COMMON_SAMPLE}"
        )
        past = (
            f"(SELECT max(CAST(count(*) * {COMMON_SHARE} AS INTEGER) + 1, {COMMON_AT_LEAST}) "  # noqa: S608
            f"FROM ({sample}))"
        )
        values = ", ".join(["(%s, %s)"] * len(terms))
        # Each term as an FTS5 phrase (search.query's words hold no double quote).
        sql = (
            f"WITH t(term, phrase) AS (VALUES {values}), "  # noqa: S608
            f"oldest(id) AS (SELECT coalesce(min(id), 0) FROM ({sample})) "
            f"SELECT term, (SELECT count(*) FROM (SELECT 1 FROM {self.table} "
            f"WHERE {self.table} MATCH t.phrase AND rowid >= (SELECT id FROM oldest) "
            f"LIMIT {past})) >= {past} FROM t"
        )
        return sql, [value for term in terms for value in (term, self._phrase(term))]

    def closest_word(self, word: str) -> str | None:
        # No trigram index in SQLite: difflib over the known words that start
        # with the same letter (people rarely mistype the first one).
        candidates = Term.objects.filter(
            language=self.language, word__gte=word[0], word__lt=word[0] + "\uffff"
        )
        close = difflib.get_close_matches(
            word, list(candidates.values_list("word", flat=True)), n=1, cutoff=0.75
        )
        return close[0] if close else None
