"""Readers say whether an answer helped. Anonymous by design: no name, email,
address or cookie is stored; a note is read by staff and never published."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from questions.models import Question

NOTE_MAX = 500


class Feedback(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="feedback")
    helpful = models.BooleanField("helped")
    note = models.TextField(
        blank=True,
        max_length=NOTE_MAX,
        help_text="What the reader wrote, as typed. Read by staff only; never shown on the site.",
    )
    note_read = models.BooleanField(
        "note read",
        default=False,
        help_text="Ticked once someone at the clinic has read the note.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "reader feedback"
        verbose_name_plural = "reader feedback"
        indexes = [
            # The admin's counts per Q&A: yes and no for each question.
            models.Index(fields=["question", "helpful"], name="feedback_per_question"),
        ]

    def __str__(self) -> str:
        return f"{'Helped' if self.helpful else 'Did not help'}: question #{self.question_id}"


class AnswerHelpfulness(Question):
    """The published Q&As as the clinic reviews them: how many readers each helped."""

    class Meta:
        proxy = True
        verbose_name = "helpfulness of an answer"
        verbose_name_plural = "helpfulness of answers"
