"""Search on PostgreSQL: its own full-text search, with the stemming of each
entry's language (English, or Spanish with accents folded: search.languages).

Each entry's weighted tsvector (A: the title or heading; B: the question or the
therapy's names; C: the answer or the section's text) is stored in
`SearchEntry.vector` under a GIN index, so a search reads the index rather than
the table; `ts_rank` scores the matches and `ts_headline` marks the
excerpts. "Did you mean …?" uses pg_trgm's trigram index on `Term.word`.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchVector, TrigramSimilarity

from ..excerpts import START, STOP
from ..languages import PG_CONFIGS
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

# ts_rank's weights of D, C, B and A: the answer (C) counts for little next to
# the title (A) and the question (B), so a word in a Q&A's title outranks the
# same word said many times in a long answer that is about something else.
RANK_WEIGHTS = "{0.01, 0.05, 0.4, 1.0}"
_HEADLINE_OPTIONS = (
    f'StartSel="{START}", StopSel="{STOP}", MaxWords=30, MinWords=12, '
    'MaxFragments=2, FragmentDelimiter=" … "'
)


class PostgresBackend(Engine):
    @property
    def config(self) -> str:
        """The text search configuration of the language searched."""
        return PG_CONFIGS[self.language]

    def _group(self, clause: Clause) -> str:
        # phraseto_tsquery: an alternative may be a phrase (its words in order),
        # and it reads plain text, so nothing typed is taken as tsquery syntax.
        parts = [f"phraseto_tsquery('{self.config}', %s)"] * len(clause.alternatives)
        if clause.apart:  # the typed words, each anywhere
            parts[0] = f"plainto_tsquery('{self.config}', %s)"
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

    def newest_sql(
        self, parsed: ParsedQuery, *, kind: str, every: bool, limit: int
    ) -> tuple[str, list]:
        # A rare word's matches come from the GIN index; for a common word
        # PostgreSQL walks the date index until it has found enough.
        query, words = self.tsquery(parsed, every=every)
        visible, visible_params = visible_sql(kind, "n", self.language)
        score, score_params = f"ts_rank('{RANK_WEIGHTS}', n.vector, {query})", list(words)
        if parsed.expanded:
            # The reader's own words count twice a synonym's (whose stem may be
            # a word the reader never meant).
            exact, exact_words = self.tsquery(parsed.exact(), every=every)
            score = f"{score} * (CASE WHEN n.vector @@ {exact} THEN {EXACT_FACTOR} ELSE 1 END)"
            score_params += exact_words
        matched, matched_params = self.matched_sql(parsed, every=every)
        # Only the query's structure is formatted in; every typed word is a parameter.
        sql = (
            "SELECT n.kind, n.id, n.question_id, n.published_at, "  # noqa: S608
            f"{matched} AS matched, {score} AS score "
            f"FROM {TABLE} n WHERE n.kind = %s AND n.vector @@ {query} AND {visible} "
            "ORDER BY n.published_at DESC, n.id DESC LIMIT %s"
        )
        return sql, [*matched_params, *score_params, kind, *words, *visible_params, limit]

    def topic_score_sql(self, topic: ParsedQuery) -> tuple[str, list]:
        query, words = self.tsquery(topic, every=False)
        sql = (
            f"coalesce((SELECT ts_rank('{RANK_WEIGHTS}', x.vector, {query}) "  # noqa: S608
            f"FROM {TABLE} x WHERE x.id = t.id), 0)"
        )
        return sql, words

    def has_clause_sql(self, clause: Clause) -> tuple[str, list]:
        return f"n.vector @@ {self._group(clause)}", list(clause.alternatives)

    def rows_sql(
        self, parsed: ParsedQuery, *, kind: str, every: bool, ids: list[int], excerpts: bool
    ) -> tuple[str, list]:
        query, words = self.tsquery(parsed, every=every)

        def headline(text: str) -> str:
            return f"ts_headline('{self.config}', {text}, {query}, %s)"

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
            f"SELECT e.id, e.kind, e.heading, e.url, {PUBLISHED_AT}, e.question_id, "  # noqa: S608
            f"{excerpt} AS excerpt FROM {TABLE} e WHERE e.id = ANY(%s)"
        )
        return sql, [*params, ids]

    def after_write(self, pks: list[int]) -> None:
        # Stored rather than computed by each search, so that the GIN index
        # covers it and ranking reads it as it is; each with its language's stemming.
        for language, config in PG_CONFIGS.items():
            SearchEntry.objects.filter(pk__in=pks, language=language).update(
                vector=SearchVector("title", weight="A", config=config)
                + SearchVector("subtitle", weight="B", config=config)
                + SearchVector("body", weight="C", config=config)
            )

    def before_delete(self, entries: list[SearchEntry]) -> None:
        pass  # the vector is a column of the entry: it goes with the row

    def clear(self) -> None:
        pass  # likewise

    def clause_sql(self, clause: Clause) -> tuple[str, list]:
        positive = Clause(clause.alternatives, apart=clause.apart)
        sql = (
            f"EXISTS (SELECT 1 FROM {TABLE} c WHERE c.language = %s "  # noqa: S608
            f"AND c.vector @@ {self._group(positive)})"
        )
        return sql, [self.language, *clause.alternatives]

    def common_sql(self, terms: list[str]) -> tuple[str, list]:
        # One pass over the sample counts every word in it (ts_stat), where a
        # search per term took a GIN lookup each: 0.2 ms a term, 1,800 terms.
        # A term PostgreSQL reads as one word ("working out" is "work") is
        # counted as it; one it reads as several ("get tired": it keeps "get")
        # is never common, as two meaningful words together never are
        # (search.selectors._may_be_common).
        config = self.config  # also refuses a language other than ours
        sample = (
            f"SELECT vector FROM {TABLE} WHERE language = '{self.language}' "  # noqa: S608
            f"ORDER BY id DESC LIMIT {COMMON_SAMPLE}"
        )
        sql = (
            "WITH stat AS MATERIALIZED (SELECT word, ndoc FROM ts_stat(%s)), "  # noqa: S608
            f"past AS (SELECT greatest(floor(count(*) * {COMMON_SHARE})::int + 1, "
            f"{COMMON_AT_LEAST}) AS n FROM ({sample}) AS s), "
            "words AS MATERIALIZED (SELECT t, "
            f"tsvector_to_array(to_tsvector('{config}', t)) AS lexemes FROM unnest(%s::text[]) AS t) "
            "SELECT t, CASE WHEN cardinality(lexemes) = 1 THEN coalesce(stat.ndoc, 0) ELSE 0 END "
            ">= (SELECT n FROM past) FROM words LEFT JOIN stat ON stat.word = words.lexemes[1]"
        )
        return sql, [sample, terms]

    def closest_word(self, word: str) -> str | None:
        """The most similar known word by trigrams (pg_trgm's index on Term.word)."""
        return (
            Term.objects.filter(language=self.language, word__trigram_similar=word)
            .annotate(similarity=TrigramSimilarity("word", word))
            .order_by("-similarity", "word")
            .values_list("word", flat=True)
            .first()
        )
