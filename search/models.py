"""What search reads: one entry per published Q&A and per section of a
published drug page, the words it may suggest for a typo, the synonyms the
clinic edits, and each Q&A's related Q&As.

Entries are written by `search.index` from the transition and drug services,
never by signals. Each is in one language: the English text, or a signed
translation's. On PostgreSQL `vector` holds the weighted tsvector, made with
the text search configuration of its language (GIN index `search_entry_vector`,
created in the migration); on SQLite an FTS5 table per language (`search_fts`,
`search_fts_es`) mirrors title, subtitle and body by rowid.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q

from drugs.models import Drug
from questions.models import Question


class SearchEntry(models.Model):
    class Kind(models.TextChoices):
        ANSWER = "answer", "Answer"
        DRUG_SECTION = "drug", "Drug section"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="en")
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, null=True, blank=True, related_name="search_entries"
    )
    drug = models.ForeignKey(
        Drug, on_delete=models.CASCADE, null=True, blank=True, related_name="search_entries"
    )
    section = models.CharField(max_length=40, blank=True, help_text="The anchor on the drug page.")
    url = models.CharField(max_length=300)
    heading = models.CharField(max_length=300)
    # Weighted A, B and C: a Q&A's title, question and answer; a drug section's
    # heading, the therapy's names and the section's text.
    title = models.TextField()
    subtitle = models.TextField(blank=True)
    body = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    vector = SearchVectorField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name_plural = "search entries"
        constraints = [
            models.UniqueConstraint(
                fields=["drug", "section", "language"], name="unique_drug_section_entry"
            ),
            models.UniqueConstraint(
                fields=["question", "language"],
                condition=Q(question__isnull=False),
                name="unique_question_entry",
            ),
        ]
        indexes = [
            # The results page lists one kind of one language at a time.
            models.Index(
                fields=["language", "kind", "-published_at"], name="search_entry_kind_recent"
            ),
        ]

    def __str__(self) -> str:
        return self.heading


class Term(models.Model):
    """A word of the published titles, questions, drug names and synonyms of
    one language: what "Did you mean …?" may offer there (trigram index on
    PostgreSQL)."""

    word = models.CharField(max_length=60)
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="en")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["word", "language"], name="unique_term_language"),
        ]

    def __str__(self) -> str:
        return self.word


class Synonym(models.Model):
    terms = models.CharField(
        max_length=300,
        help_text="Words or phrases that mean the same to a reader, separated by commas, e.g. "
        "“MS hug, girdle sensation, banding”. A search for any of them finds all of them.",
    )
    language = models.CharField(
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
        help_text="The language of the words: searches in that language use the group.",
    )
    note = models.CharField(max_length=200, blank=True, help_text="For staff: where it came from.")

    class Meta:
        ordering = ["language", "terms"]
        verbose_name = "synonym group"

    def __str__(self) -> str:
        return self.terms

    @property
    def term_list(self) -> list[str]:
        return split_terms(self.terms)


class DeclinedGroup(models.Model):
    """A group of the MS vocabulary that staff deleted: loading the vocabulary
    again (on every deployment) leaves it out rather than bring it back."""

    # The group's first term in the vocabulary file, as its loaded note names it.
    head = models.CharField(max_length=200)
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="en")
    declined_on = models.DateField(auto_now_add=True)

    class Meta:
        ordering = ["head"]
        constraints = [
            models.UniqueConstraint(fields=["head", "language"], name="unique_declined_head"),
        ]
        verbose_name = "deleted vocabulary group"

    def __str__(self) -> str:
        return self.head


def split_terms(value: str) -> list[str]:
    return [" ".join(term.lower().split()) for term in value.split(",") if term.strip()]


class RelatedQuestion(models.Model):
    """Computed when a Q&A is published or signed again, read by its page in one query."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    related = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="related_to")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["question", "position"]
        constraints = [
            models.UniqueConstraint(fields=["question", "related"], name="unique_related_pair"),
        ]
        indexes = [
            models.Index(fields=["question", "position"], name="related_by_question"),
        ]

    def __str__(self) -> str:
        return f"#{self.question_id} → #{self.related_id}"


class SearchMiss(models.Model):
    """A search the clinic may learn from, as it reads it: the words typed,
    lower-case and single-spaced, with nothing of who typed them or when beyond
    the day (see search.misses for what is never stored). Its days say how often
    it found nothing, showed results, and had one of them opened."""

    # The query and its note are one row, its counts one row a day: the
    # moderators' list is one grouped read, and a note outlives a new day's count.
    query = models.CharField(max_length=100, unique=True)
    topic_noted = models.BooleanField(
        "noted as a topic",
        default=False,
        help_text="A moderator noted it as a topic for a new Q&A.",
    )

    class Meta:
        verbose_name = "unanswered search"
        verbose_name_plural = "unanswered searches"

    def __str__(self) -> str:
        return self.query


class SearchMissDay(models.Model):
    """One search's counts of one day (the clinic's calendar day); days are
    deleted after search.misses.KEPT_DAYS."""

    miss = models.ForeignKey(SearchMiss, on_delete=models.CASCADE, related_name="days")
    day = models.DateField()
    count = models.PositiveIntegerField("found nothing", default=0)
    shown = models.PositiveIntegerField("showed results", default=0)
    opened = models.PositiveIntegerField("a result opened", default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["miss", "day"], name="unique_search_miss_day"),
        ]
        indexes = [
            # The daily purge deletes the days past retention.
            models.Index(fields=["day"], name="search_miss_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day}: {self.count}"
