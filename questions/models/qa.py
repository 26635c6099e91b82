"""Questions from patients, their signed answers and their history."""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Self, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import (
    Count,
    Exists,
    F,
    FilteredRelation,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation

from core.text import render_answer

from .experts import ExpertProfile

if TYPE_CHECKING:
    from .comments import Comment
    from .translations import AnswerTranslation


class Category(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(
        max_length=80, unique=True, help_text="Part of the public URL; never change it once used."
    )
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("questions:category", kwargs={"slug": self.slug})


# What a list row (includes/question_summary.html) reads of a Q&A and of the
# answer or translation it shows.
SUMMARY_COLUMNS = (
    "status",
    "slug",
    "published_at",
    "category__name",
    "category__slug",
    "published_answer__question_title",
    "published_answer__question_text",
)
TRANSLATION_SUMMARY_COLUMNS = ("question_id", "language", "question_title", "question_text")
# What a link to a Q&A (a drug page's mentions, a Q&A page's related ones) reads.
LINK_COLUMNS = ("status", "slug", "published_at")
TITLE_COLUMNS = (*LINK_COLUMNS, "published_answer__question_title")


class QuestionQuerySet(models.QuerySet["Question"]):
    def published(self) -> Self:
        """The one rule for what the public may see."""
        return self.filter(status=Question.Status.PUBLISHED)

    def for_listing(self, *, summaries: bool = False) -> Self:
        """Published Q&As with what a list row shows, in the language of the page
        being shown (the active one): in another language than the default, only
        those with a current signed translation in it, each with that translation
        (`shown`). One query, and one more for the translations.

        `summaries`: only the columns a list row shows (its title, question,
        date, category and comment count), for pages that list rows, not
        answers: the whole answers of a page's rows were most of what the
        database sent and Django built for it."""
        listed = (
            self.published()
            .select_related("published_answer", "category")
            .with_comment_count()
            .order_by("-published_at", "-pk")
        )
        if summaries:
            listed = listed.only(*SUMMARY_COLUMNS)
        return listed._in_page_language(
            lambda current: (
                current.only(*TRANSLATION_SUMMARY_COLUMNS)
                if summaries
                else current.select_related("signer")
            )
        )

    def titles(self) -> Self:
        """Published Q&As with only what a link to one shows (its title,
        `shown_title`, and date), newest first; in another language than the
        default, only those with a current signed translation in it. One
        query: no comment count, category or question text, which a drug
        page's 21 mentions spent most of their build on; in another language,
        the translation's title joined to its row, not read by a second query."""
        listed = self.published().order_by("-published_at", "-pk")
        language = translation.get_language()
        if language == settings.LANGUAGE_CODE:
            return listed.select_related("published_answer").only(*TITLE_COLUMNS)
        # At most one row joined (the constraint one_current_translation).
        current = FilteredRelation(
            "translations",
            condition=Q(translations__language=language, translations__is_current=True),
        )
        return (
            listed.only(*LINK_COLUMNS)
            .alias(current_translation=current)
            .annotate(translated_title=F("current_translation__question_title"))
            .filter(translated_title__isnull=False)
        )

    def _translations(self) -> QuerySet[AnswerTranslation]:
        # AnswerTranslation is defined after Question, which it points to:
        # reached through the relation (Model._meta is Django's documented API).
        model = cast(
            "type[AnswerTranslation]", self.model._meta.get_field("translations").related_model
        )
        return model.objects.all()

    def _in_page_language(self, columns: Callable[[QuerySet[Any]], QuerySet[Any]]) -> Self:
        """In another language than the default, only the Q&As with a current
        signed translation in it, each with that translation (`shown`), read
        with `columns`."""
        language = translation.get_language()
        if language == settings.LANGUAGE_CODE:
            return self
        current = self._translations().filter(language=language, is_current=True)
        return self.filter(Exists(current.filter(question=OuterRef("pk")))).prefetch_related(
            Prefetch("translations", queryset=columns(current), to_attr="current_translations")
        )

    def with_comment_count(self) -> Self:
        # Comment is defined after Question, which it points to: reached through
        # the relation (Model._meta is Django's documented model API).
        # The reverse side of Comment.question, whose model is known to be Comment.
        comments = cast("type[Comment]", self.model._meta.get_field("comments").related_model)
        # Each comment is shown, and counted, on the page in its own language.
        approved = (
            comments.objects.approved()
            .filter(question=OuterRef("pk"), language=translation.get_language())
            .order_by()
            .values("question")
            # COUNT(*), not of the id: then the count needs no row of the table
            # (comment_by_question_language holds everything it reads).
            .annotate(n=Count("*"))
            .values("n")
        )
        return self.annotate(
            comment_count=Coalesce(Subquery(approved, output_field=models.IntegerField()), Value(0))
        )


# "In short": one to three plain sentences (the limit), short enough
# to read first on a phone.
IN_SHORT_LENGTH = 400
IN_SHORT_SENTENCES = 3


def validate_in_short(value: str) -> None:
    """At most IN_SHORT_SENTENCES sentences (a full stop, question or exclamation
    mark followed by a space or the end ends one)."""
    sentences = [part for part in re.split(r"(?<=[.!?])\s+", value.strip()) if part]
    if len(sentences) > IN_SHORT_SENTENCES:
        raise ValidationError(
            f"“In short” has {len(sentences)} sentences: keep it to {IN_SHORT_SENTENCES} "
            "or fewer, so that readers get the main point at a glance."
        )


class Question(models.Model):
    class Status(models.TextChoices):
        NEW = "new", "New"
        ASSIGNED = "assigned", "Assigned"
        AWAITING_SIGNOFF = "awaiting_signoff", "Awaiting sign-off"
        SIGNED_OFF = "signed_off", "Signed off"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"
        REJECTED = "rejected", "Rejected"

    class RejectReason(models.TextChoices):
        SPAM = "spam", "Spam"
        DUPLICATE = "duplicate", "Duplicate of an answered question"
        OUT_OF_SCOPE = "out_of_scope", "Out of scope for this service"

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    title = models.CharField(
        max_length=200,
        help_text="Public title, de-identified. Published only after a clinician signs it off.",
    )
    body = models.TextField(
        help_text="Public question text, de-identified: no names, places, dates or details "
        "that could identify the patient. Plain text."
    )
    language = models.CharField(
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text="The language the patient asked in: their emails are in it.",
    )
    slug = models.SlugField(
        max_length=120,
        blank=True,
        help_text="Set once when first published; it is the public URL and never changes.",
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questions",
        db_index=False,  # question_category_recent starts with category_id
    )
    expert = models.ForeignKey(
        ExpertProfile,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_questions",
        help_text="The clinician who answers.",
    )
    answer_source = models.TextField(
        "answer (draft)",
        blank=True,
        help_text="Markdown: paragraphs, lists, emphasis, links and headings. A paragraph "
        "that starts “Urgent:” goes in a red box with the list right after it. "
        "Changes reach the public only after a new sign-off.",
    )
    answer_html = models.TextField(editable=False, blank=True)
    answer_written_in = models.CharField(
        "answer first written in",
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text="The language the clinician wrote the answer in first. When it is not "
        "English, the answer above is the English translation of the text below.",
    )
    original_answer = models.TextField(
        "answer as first written",
        blank=True,
        help_text="Only when the answer was written first in another language: that text, in "
        "Markdown. It is kept with the signed English, and the translation into its language "
        "starts from it (a clinician who reads the language still signs that translation).",
    )
    summary = models.TextField(
        "in short",
        blank=True,
        max_length=IN_SHORT_LENGTH,
        validators=[validate_in_short],
        help_text="One to three plain sentences that give the answer's main point, shown "
        "first under the title. Plain text; signed with the answer.",
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        # A clinician who leaves is made inactive, never deleted: the sender of a
        # version is part of what makes it signable (services.signing).
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text="The clinician who sent the current version for sign-off, taking "
        "responsibility for all of it (questions.services.signing).",
    )
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text="Who last changed the public text, the answer or its sources.",
    )
    submitted_sha256 = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="The hash of the text as it was sent for sign-off: a signer signs only that.",
    )
    identifiers_confirmed = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="The fingerprint of the marked words a moderator confirmed do not identify "
        "the patient (questions.deidentify): new marks need a new confirmation.",
    )
    identifiers_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    reject_reason = models.CharField(max_length=20, choices=RejectReason.choices, blank=True)
    reject_note = models.TextField(blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="When declined as a duplicate: the published Q&A that already answers it, "
        "or a question still being answered (linked for the patient once published).",
    )
    urgent = models.BooleanField(
        default=False,
        editable=False,
        help_text="The patient's own words mention red-flag symptoms; set once on submission.",
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="Set on first publication; decides the archive month."
    )
    published_answer = models.ForeignKey(
        "Answer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The signed version the public sees.",
    )
    comments_closed = models.BooleanField(
        default=False,
        help_text="Close comments now. They also close by themselves a set number of days "
        "after publication, as the clinic has chosen.",
    )
    # The review cycle: set by each sign-off of the public text and each
    # re-attestation (questions.services.reviews), never typed.
    reviewed_at = models.DateTimeField(null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        ExpertProfile,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    reviewed_by_name = models.CharField(
        max_length=120, blank=True, editable=False, help_text="As signed at the review."
    )
    review_due = models.DateField("next review due", null=True, blank=True, editable=False)
    review_assignee = models.ForeignKey(
        ExpertProfile,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviews_assigned",
        verbose_name="reviewer",
        help_text="The clinician who checks this published answer when its review is due.",
    )

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-submitted_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published")
                | Q(published_at__isnull=False, published_answer__isnull=False) & ~Q(slug=""),
                name="published_has_date_answer_and_slug",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(reject_reason=""),
                name="rejected_has_reason",
            ),
            models.UniqueConstraint(
                fields=["slug"], condition=~Q(slug=""), name="unique_public_slug"
            ),
        ]
        indexes = [
            # Home, list, feeds and month archives: published ones, newest first.
            models.Index(fields=["status", "-published_at"], name="question_public_recent"),
            # Category pages: published ones in one category, newest first.
            models.Index(
                fields=["category", "status", "-published_at"], name="question_category_recent"
            ),
            # The review queue: published ones due for review by a date.
            models.Index(fields=["status", "review_due"], name="question_review_due"),
        ]
        permissions = [
            ("sign_off_answer", "Can sign off an answer"),
            ("publish_question", "Can publish or withdraw a Q&A"),
            ("triage_question", "Can triage, assign and reject new questions"),
            ("translate_answer", "Can translate a published Q&A and send it for sign-off"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A browser sends CRLF line ends, a file or a shell LF: stored alike, the
        # same words hash alike, so saving a page unchanged changes nothing.
        self.title = normalise_text(self.title).strip()
        self.body = normalise_text(self.body)
        self.answer_source = normalise_text(self.answer_source, keep_line_ends=True)
        self.summary = normalise_text(self.summary).strip()
        # The sanitized HTML is derived from the Markdown draft, here so that
        # every path that saves a draft (admin, services, shell) keeps them in step.
        self.answer_html = render_answer(self.answer_source)
        if kwargs.get("update_fields") is not None and "answer_source" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "answer_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("questions:detail", kwargs={"slug": self.slug})

    def draft_sha256(self) -> str:
        return signed_content_hash(
            self.title,
            self.body,
            self.answer_html,
            self.draft_references(),
            summary=self.summary,
        )

    def draft_differs_from_published(self) -> bool:
        answer = self.published_answer
        return answer is None or answer.sha256 != self.draft_sha256()

    def draft_references(self) -> list[dict[str, str]]:
        """The sources as they would be signed now (see Reference.frozen)."""
        return [reference.frozen() for reference in self.references.all()]

    @property
    def review_overdue(self) -> bool:
        return self.review_due is not None and timezone.localdate() >= self.review_due

    @property
    def shown(self) -> Answer | AnswerTranslation | None:
        """What a list row shows: the translation `for_listing` found for the
        page's language, else the signed English version."""
        found = getattr(self, "current_translations", None)
        return found[0] if found else self.published_answer

    @property
    def shown_title(self) -> str:
        """What a link to the Q&A says: its title in the page's language, as
        `titles` or `for_listing` read it."""
        translated: str | None = getattr(self, "translated_title", None)
        if translated is not None:
            return translated
        shown = self.shown
        assert shown is not None  # both list only Q&As with a signed answer
        return shown.question_title

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def accepts_comments(self) -> bool:
        if not self.is_public or self.comments_closed:
            return False
        days = settings.COMMENTS_OPEN_DAYS
        # A published Q&A has its date (constraint published_has_date_answer_and_slug).
        assert self.published_at is not None
        return not days or timezone.now() < self.published_at + datetime.timedelta(days=days)


def normalise_text(text: str, *, keep_line_ends: bool = False) -> str:
    """Line ends as LF, no spaces at the end of a line or blank lines at the
    end. `keep_line_ends` keeps the spaces at the end of a line inside the text
    (two of them are a line break in Markdown) and trims only its very end."""
    unified = text.replace("\r\n", "\n").replace("\r", "\n")
    if keep_line_ends:
        return unified.rstrip()
    return "\n".join(line.rstrip() for line in unified.split("\n")).rstrip("\n")


def signed_content_hash(
    title: str,
    body: str,
    answer_html: str,
    references: list[dict[str, str]] | None = None,
    *,
    summary: str = "",
) -> str:
    """SHA-256 over exactly the text a clinician signs: public title, public
    question, the sanitized answer, its sources and its "In short", each
    length-prefixed so that no two different contents hash alike. Without
    sources or an "In short" the hash is what it was before answers had them,
    so older signatures still verify."""
    parts = [title, body, answer_html]
    if references or summary:
        parts.append(json.dumps(references or [], sort_keys=True, ensure_ascii=False))
    if summary:
        parts.append(summary)
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8")
        digest.update(f"{len(data)}:".encode())
        digest.update(data)
    return digest.hexdigest()


class PatientSubmission(models.Model):
    """What the patient typed and how to reach them. Private: never rendered on
    a public page, in a feed or a log line, and erased after a retention time."""

    question = models.OneToOneField(
        Question, on_delete=models.CASCADE, primary_key=True, related_name="submission"
    )
    name = models.CharField(max_length=100, blank=True)
    email = models.EmailField(blank=True)
    notify = models.BooleanField(
        "email when published", default=False, help_text="The patient asked to be emailed."
    )
    original_subject = models.CharField(max_length=200, blank=True)
    original_text = models.TextField(blank=True)
    client_hash = models.CharField(
        max_length=64, blank=True, help_text="Keyed hash of the client address, for rate limits."
    )
    status_token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Submission for question #{self.question_id}"


class SignedText:
    """What every signed copy of a Q&A (an English version, a translation) does
    with its fields: show the signer's block line by line, and check that its
    text is still exactly what was hashed when it was signed."""

    question_title: str
    question_text: str
    body_html: str
    references: Any
    summary: str
    sha256: str
    signature_block: str

    @property
    def signature_lines(self) -> list[str]:
        return self.signature_block.splitlines()

    def content_is_intact(self) -> bool:
        return self.sha256 == signed_content_hash(
            self.question_title,
            self.question_text,
            self.body_html,
            self.references,
            summary=self.summary,
        )


class Answer(SignedText, models.Model):
    """One sign-off: an immutable copy of exactly what a clinician attested."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    question_title = models.CharField(max_length=200)
    question_text = models.TextField()
    body_html = models.TextField()
    signer = models.ForeignKey(ExpertProfile, on_delete=models.PROTECT, related_name="+")
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The clinician who sent exactly this version for sign-off and so took "
        "responsibility for it (empty on versions signed before this was kept).",
    )
    signature_block = models.TextField(
        help_text="The signer's signature block at the time of signing."
    )
    sha256 = models.CharField(max_length=64)
    references = models.JSONField(
        default=list, blank=True, help_text="The sources as signed, in order (part of the hash)."
    )
    summary = models.TextField(
        "in short", blank=True, help_text="The “In short” as signed (part of the hash)."
    )

    written_in = models.CharField(
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text="The language the answer was written in first: English, or another, which "
        "this English version translates.",
    )
    original_source = models.TextField(
        blank=True, help_text="The answer as first written, when not in English (Markdown)."
    )

    class ChangeKind(models.TextChoices):
        CLINICAL = "clinical", "Clinical: a dose, a risk or advice changed"
        EDITORIAL = "editorial", "Editorial: wording only, the advice is the same"

    change_kind = models.CharField(
        "kind of change",
        max_length=10,
        choices=ChangeKind.choices,
        blank=True,
        help_text="Said by the signer when the Q&A had a translation: a clinical change "
        "takes the translation off the public page until it is translated and signed again.",
    )

    class Meta:
        ordering = ["-signed_at"]
        get_latest_by = "signed_at"

    def __str__(self) -> str:
        return f"{self.question_title} (signed {self.signed_at:%Y-%m-%d})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("A signed answer is never changed; sign a new version instead.")
        super().save(*args, **kwargs)
