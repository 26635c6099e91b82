"""The glossary: plain explanations of MS words, each checked by a clinician
on the drug reference's review cycle (settings.DRUG_REVIEW_MONTHS).

Explanations are plain text written for a reader at grade 6 or lower; pages
escape them (the `plaintext` filter). Answers and drug pages link the first
use of each published term to its page (glossary.linking).
"""

from __future__ import annotations

import copy
import unicodedata
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst

from questions.models import (
    ExpertProfile,
    ReferenceTranslation,
    keep_review_due,
    reference_constraints,
    review_is_overdue,
)


def split_names(value: str) -> list[str]:
    """A comma-separated list of names as typed in the admin."""
    return [" ".join(name.split()) for name in value.split(",") if name.strip()]


class TermQuerySet(models.QuerySet):
    def published(self) -> TermQuerySet:
        """The one rule for which terms the public may see (and answers link to)."""
        return self.filter(is_published=True)


class Term(models.Model):
    name = models.CharField(
        max_length=80,
        unique=True,
        help_text="As readers see it in a sentence, e.g. “lesion”, “B cells”, “EDSS”. "
        "Answers and drug pages that use it link here (whole words, any case; "
        "a name in capitals, such as “CIS”, matches only in capitals). A plural "
        "with -s or -es matches too.",
    )
    slug = models.SlugField(
        max_length=80, unique=True, help_text="Part of the public URL; never change it once used."
    )
    other_names = models.CharField(
        max_length=200,
        blank=True,
        help_text="Other words readers use for it, separated by commas, e.g. “plaque, scar”. "
        "They link here too, and search treats them as meaning the same.",
    )
    explanation = models.TextField(
        help_text="Plain words for a reader at grade 6 or lower: short words, short "
        "sentences. The first paragraph is shown in place where an answer uses the term; "
        "leave a blank line between paragraphs."
    )
    source_note = models.CharField(
        "source",
        max_length=300,
        blank=True,
        help_text="Where the facts come from (a label, a guideline, a society's page).",
    )

    # -- review (as the drug reference) --------------------------------------------
    reviewed_by = models.ForeignKey(
        ExpertProfile,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviewed_terms",
        help_text="The clinician who checked this explanation. Required to publish.",
    )
    reviewed_on = models.DateField(null=True, blank=True, help_text="Required to publish.")
    review_due = models.DateField(
        "next review due",
        null=True,
        blank=True,
        editable=False,
        help_text="Set from the review date when the term is saved.",
    )
    is_published = models.BooleanField(
        "published",
        default=False,
        help_text="Visible to the public and linked from answers. Needs a reviewer and a "
        "review date.",
    )

    objects = TermQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_published=False)
                | Q(reviewed_by__isnull=False, reviewed_on__isnull=False),
                name="published_term_is_reviewed",
            ),
        ]
        indexes = [
            # The index page and the linking filter: published terms by name.
            models.Index(fields=["is_published", "name"], name="term_public_by_name"),
            # The review queue: terms due for review by a date.
            models.Index(fields=["review_due"], name="term_review_due"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        keep_review_due(self, kwargs)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("glossary:detail", kwargs={"slug": self.slug})

    @property
    def review_overdue(self) -> bool:
        return review_is_overdue(self.review_due)

    @property
    def heading(self) -> str:
        """The name as a heading: "Lesion", "Linfocitos B"; a name whose first word
        has capitals ("aHSCT", "anti-CD20") as written."""
        first = self.name.split()[0] if self.name.split() else ""
        return capfirst(self.name) if first == first.lower() else self.name

    @property
    def other_name_list(self) -> list[str]:
        return split_names(self.other_names)

    @property
    def also_called(self) -> list[str]:
        """The other names worth telling a reader: not the name's own plural or singular."""
        own = self.name.casefold()
        forms = {own, f"{own}s", f"{own}es", own.removesuffix("s"), own.removesuffix("es")}
        return [name for name in self.other_name_list if name.casefold() not in forms]

    @property
    def paragraphs(self) -> list[str]:
        return [
            p.strip() for p in self.explanation.replace("\r\n", "\n").split("\n\n") if p.strip()
        ]

    @property
    def in_short(self) -> str:
        """What is shown in place: the first paragraph."""
        paragraphs = self.paragraphs
        return paragraphs[0] if paragraphs else ""

    @property
    def letter(self) -> str:
        """The index page's letter heading."""
        first = self.name[:1].upper()
        if first != "Ñ":  # a letter of its own in Spanish; "Á" is among the A's
            first = unicodedata.normalize("NFD", first)[:1]
        return first if first.isalpha() else "#"


class TermReview(models.Model):
    """Audit row: a clinician found an explanation still accurate on a day."""

    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(ExpertProfile, on_delete=models.PROTECT, related_name="+")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-reviewed_at"]

    def __str__(self) -> str:
        return f"{self.term_id}: still accurate ({self.reviewed_at:%Y-%m-%d})"


# The term's texts a translation gives in its language.
TRANSLATED_FIELDS = ("name", "other_names", "explanation")


class TermTranslation(ReferenceTranslation):
    """A glossary term in another language, signed by a clinician who reads it."""

    entry = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="translations")

    class Meta(ReferenceTranslation.Meta):
        constraints = reference_constraints("term_translation")

    @staticmethod
    def english_texts(term: Term) -> dict[str, str]:
        """What a translation of the term translates, keyed by field, empty texts left out."""
        return {field: getattr(term, field) for field in TRANSLATED_FIELDS if getattr(term, field)}

    def shown(self, term: Term) -> Term:
        """The term as its page shows it in this translation's language: a copy, never saved."""
        page = copy.copy(term)
        for field in TRANSLATED_FIELDS:
            setattr(page, field, self.texts.get(field, ""))
        page.translation = self  # type: ignore[attr-defined]
        return page
