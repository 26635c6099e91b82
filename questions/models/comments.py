"""Readers' comments on a published Q&A, shown once a moderator approved them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from .qa import ExpertProfile, Question


class CommentQuerySet(models.QuerySet):
    def approved(self) -> CommentQuerySet:
        """The one rule for which comments the public may see."""
        return self.filter(status=Comment.Status.APPROVED)


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        SPAM = "spam", "Spam"

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="comments")
    author_name = models.CharField("name", max_length=80)
    author_email = models.EmailField("email", blank=True)
    notify_reply = models.BooleanField(
        "email once when a clinician replies",
        default=False,
        help_text="The commenter asked for one email when a clinician replies. The address is "
        "erased after that email, when the comment is rejected, or a set number of days "
        "after moderation, whichever comes first.",
    )
    body = models.TextField("comment")
    language = models.CharField(
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text="The language of the page it was written on: the reply email is in it.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    client_hash = models.CharField(max_length=64, blank=True)
    submission_key = models.CharField(
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text="Hash of the form's token: a form posted twice stores one comment.",
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        permissions = [
            ("moderate_comment", "Can approve, reject or mark comments as spam"),
            ("reply_to_comment", "Can reply to an approved comment"),
        ]
        indexes = [
            # The Q&A page and the comment counts: approved comments of one
            # question in one language. With the language in it, a list row's
            # count is read from the index alone (it was 4-7 ms a page of rows
            # with hundreds of comments each, read row by row from the table).
            models.Index(
                fields=["question", "status", "language", "created_at"],
                name="comment_by_question_language",
            ),
            # The moderation queue: pending comments, newest first.
            models.Index(fields=["status", "-created_at"], name="comment_queue"),
        ]

    def __str__(self) -> str:
        return f"Comment #{self.pk} on question #{self.question_id}"


class CommentReply(models.Model):
    """A clinician's (or the clinic team's) reply to an approved comment, shown
    under it. The row is also the record of who replied, when, and what."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comment_replies"
    )
    expert = models.ForeignKey(
        ExpertProfile,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comment_replies",
        help_text="The clinician whose name signs the reply; empty: the clinic team.",
    )
    signed_as = models.CharField(
        max_length=120,
        blank=True,
        help_text="The name shown, as it was when the reply was published; "
        "empty: shown as the clinic team.",
    )
    body = models.TextField("reply", help_text="Plain text, shown as typed.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name_plural = "comment replies"

    def __str__(self) -> str:
        return f"Reply #{self.pk} to comment #{self.comment_id}"
