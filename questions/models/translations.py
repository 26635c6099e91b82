"""Signed translations of a Q&A, and the names of categories in other languages.

A translation is a clinical statement as an answer is: each row is an
immutable copy of exactly what a clinician who reads the language signed, with
the signed English version it follows (`follows`, and that version's hash), its
own hash and the signer's block as it was. It is shown only while it is the
question's current translation in its language (`is_current`).
"""

from __future__ import annotations

import datetime
import hashlib
import json
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language_info

from .experts import ExpertProfile
from .qa import Answer, Category, Question, SignedText, signed_content_hash
from .reviews import review_due_after, review_is_overdue


def other_languages() -> list[tuple[str, str]]:
    """The languages content is translated into: every one but the default."""
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def staff_language_name(code: str) -> str:
    """A language's name in English, as the staff pages say it ("Spanish");
    settings.LANGUAGES names each in itself, for readers ("Español")."""
    return str(get_language_info(code)["name"])


class AnswerTranslationQuerySet(models.QuerySet["AnswerTranslation"]):
    def current(self, language: str) -> AnswerTranslationQuerySet:
        """The translations the public may see in `language`: current, of a published Q&A."""
        return self.filter(
            language=language, is_current=True, question__status=Question.Status.PUBLISHED
        )


class AnswerTranslation(SignedText, models.Model):
    """One sign-off of a translation of a signed answer."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=8, choices=other_languages)
    follows = models.ForeignKey(
        Answer,
        on_delete=models.PROTECT,
        related_name="translations",
        help_text="The signed English version this translation was made from.",
    )
    follows_sha256 = models.CharField(
        max_length=64, help_text="The hash of that English version, as it was when translated."
    )
    question_title = models.CharField(max_length=200)
    question_text = models.TextField()
    summary = models.TextField("in short", blank=True)
    body_html = models.TextField()
    answer_source = models.TextField(
        blank=True,
        help_text="The Markdown the answer was signed from: the start of its next translation.",
    )
    references = models.JSONField(default=list, blank=True)
    translated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signer = models.ForeignKey(ExpertProfile, on_delete=models.PROTECT, related_name="+")
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(default=timezone.now)
    signature_block = models.TextField()
    sha256 = models.CharField(max_length=64)
    is_current = models.BooleanField(
        default=True, help_text="Shown to the public in its language (one per Q&A and language)."
    )

    objects = AnswerTranslationQuerySet.as_manager()

    class Meta:
        ordering = ["-signed_at"]
        constraints = [
            # Four eyes: the translator never signs their own translation.
            models.CheckConstraint(
                condition=~Q(signed_by=F("translated_by")), name="translation_four_eyes"
            ),
            # Also the index of the public pages: a Q&A's current translation.
            models.UniqueConstraint(
                fields=["question", "language"],
                condition=Q(is_current=True),
                name="one_current_translation",
            ),
        ]
        indexes = [
            # Spanish lists: the current translations of one language.
            models.Index(fields=["language", "is_current", "question"], name="translation_public")
        ]

    def __str__(self) -> str:
        return f"{self.question_title} ({self.language}, signed {self.signed_at:%Y-%m-%d})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and set(kwargs.get("update_fields") or ()) != {"is_current"}:
            raise ValueError("A signed translation is never changed; sign a new one instead.")
        super().save(*args, **kwargs)

    @property
    def translator_name(self) -> str:
        """The translator as the site names staff in public: a clinician by their
        signed name, anyone else by their full name; never a username."""
        user = self.translated_by
        profile = getattr(user, "expert_profile", None)
        return profile.display_name if profile is not None else user.get_full_name()

    @property
    def review_due(self) -> datetime.date:
        """Its own review cycle, on the English rule: due QA_REVIEW_MONTHS after
        it was signed (a re-attested English does not review its translation)."""
        return review_due_after(self.signed_at, settings.QA_REVIEW_MONTHS)

    @property
    def review_overdue(self) -> bool:
        return review_is_overdue(self.review_due)

    @property
    def follows_current_english(self) -> bool:
        """False once the English has been signed again since it was translated."""
        return self.follows_id == self.question.published_answer_id


class TranslationDraft(models.Model):
    """The translation of a published Q&A while it is being made: one per Q&A
    and language, edited by translators, sent for sign-off by one of them (who
    answers for all of it) and signed by a clinician who reads the language
    and is not its sender. Signing turns it into an AnswerTranslation and
    deletes it; any change after sending makes it unsent."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="translation_drafts", verbose_name="Q&A"
    )
    language = models.CharField(max_length=8, choices=other_languages)
    follows = models.ForeignKey(
        Answer,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The signed English version being translated (the current one when sent).",
    )
    question_title = models.CharField("title", max_length=200, blank=True)
    question_text = models.TextField("question", blank=True)
    summary = models.TextField("in short", blank=True)
    answer_source = models.TextField(
        "answer",
        blank=True,
        help_text="Markdown, as in the English answer: paragraphs, lists, **bold**, links. "
        "A paragraph that starts with “Urgente:” becomes the urgent box.",
    )
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who sent this version for sign-off, answering for all of it.",
    )
    sent_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    changes_requested = models.TextField(
        blank=True, help_text="What the last clinician who read it asked to change."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = "translation"
        verbose_name_plural = "translation queue"
        constraints = [
            models.UniqueConstraint(
                fields=["question", "language"], name="one_translation_draft_per_language"
            )
        ]

    def __str__(self) -> str:
        title = self.question_title or self.question.title
        return f"{title} ({self.get_language_display()})"

    def content_sha256(self) -> str:
        """What a sender answers for: the text, and the English version it follows."""
        return signed_content_hash(
            self.question_title,
            self.question_text,
            self.answer_source,
            [{"follows": str(self.follows_id)}],
            summary=self.summary,
        )

    @property
    def is_sent(self) -> bool:
        """Sent for sign-off, and unchanged since."""
        return bool(self.sent_by_id and self.sent_sha256 == self.content_sha256())


class CategoryName(models.Model):
    """A category's name and description in another language."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="names")
    language = models.CharField(max_length=8, choices=other_languages)
    name = models.CharField(max_length=80)
    description = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["category", "language"], name="one_name_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.language})"


def texts_sha256(texts: dict[str, str]) -> str:
    """SHA-256 over a reference entry's texts, keyed by field: what a translation
    follows (the English) and what its signer signs (the translation)."""
    encoded = json.dumps(texts, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(encoded).hexdigest()


class ReferenceTranslationQuerySet(models.QuerySet[Any]):
    def current(self, language: str) -> ReferenceTranslationQuerySet:
        """The signed translations the public may see in `language`."""
        return self.filter(language=language, is_current=True)


class ReferenceTranslation(models.Model):
    """A translation of a reference entry (a drug page, a glossary term), made
    and signed as a Q&A's is (questions.services.reference_translations): a
    translator writes it and sends it, answering for all of it; a clinician who
    reads the language and did not send it signs it. A signed row is never
    changed: translating again is a new row, which starts from its text.

    A subclass adds `entry`, the foreign key to what is translated, and the
    constraints naming it (see `reference_constraints`)."""

    class State(models.TextChoices):
        DRAFT = "draft", "Being translated"
        SENT = "sent", "Waiting for sign-off"
        SIGNED = "signed", "Signed"

    language = models.CharField(max_length=8, choices=other_languages)
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    # The translated text of each of the entry's translated fields, by field name.
    texts = models.JSONField(default=dict, blank=True)
    follows_sha256 = models.CharField(
        max_length=64,
        blank=True,
        help_text="The hash of the English text it translates, as it was when sent.",
    )
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    changes_requested = models.TextField(blank=True)
    signer = models.ForeignKey(ExpertProfile, on_delete=models.PROTECT, null=True, related_name="+")
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    signature_block = models.TextField(blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    is_current = models.BooleanField(
        default=False, help_text="Shown to the public in its language (one per entry and language)."
    )

    objects = ReferenceTranslationQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-signed_at"]

    def __str__(self) -> str:
        language = staff_language_name(self.language)
        return f"{getattr(self, 'entry', '')} ({language}, {self.get_state_display().lower()})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if (
            self.pk is not None
            and set(kwargs.get("update_fields") or ()) != {"is_current"}
            and type(self).objects.filter(pk=self.pk, state=self.State.SIGNED).exists()
        ):
            raise ValueError("A signed translation is never changed; sign a new one instead.")
        super().save(*args, **kwargs)

    # Its own review cycle, on its English entry's rule (the glossary's is the drug reference's).
    review_months_setting = "DRUG_REVIEW_MONTHS"

    @property
    def is_signed(self) -> bool:
        return self.state == self.State.SIGNED

    @property
    def review_due(self) -> datetime.date | None:
        """Due its English entry's review period after it was signed (None until signed)."""
        if self.signed_at is None:
            return None
        return review_due_after(self.signed_at, getattr(settings, self.review_months_setting))

    @property
    def review_overdue(self) -> bool:
        return review_is_overdue(self.review_due)

    @property
    def translator_name(self) -> str:
        """As AnswerTranslation.translator_name: never a username."""
        user = self.sent_by
        if user is None:
            return ""
        profile = getattr(user, "expert_profile", None)
        return profile.display_name if profile is not None else user.get_full_name()


def reference_constraints(prefix: str) -> list[models.BaseConstraint]:
    """The rules of every reference translation, on its `entry`."""
    signed = ReferenceTranslation.State.SIGNED
    return [
        # Four eyes: the translator never signs their own translation.
        models.CheckConstraint(condition=~Q(signed_by=F("sent_by")), name=f"{prefix}_four_eyes"),
        models.CheckConstraint(
            condition=~Q(state=signed) | Q(signed_by__isnull=False, sent_by__isnull=False),
            name=f"{prefix}_signed_has_both",
        ),
        models.CheckConstraint(
            condition=Q(is_current=False) | Q(state=signed), name=f"{prefix}_current_is_signed"
        ),
        # One shown, and one under way, per entry and language.
        models.UniqueConstraint(
            fields=["entry", "language"], condition=Q(is_current=True), name=f"{prefix}_one_current"
        ),
        models.UniqueConstraint(
            fields=["entry", "language"], condition=~Q(state=signed), name=f"{prefix}_one_open"
        ),
    ]
