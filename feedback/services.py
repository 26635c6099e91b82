"""Writes of reader feedback."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from core import audit
from questions.models import Question

from .models import Feedback


class NotPublished(Exception):
    """The Q&A was withdrawn between the page and the post."""


@transaction.atomic
def feedback_submit(*, question_id: int, helpful: bool, note: str) -> Feedback:
    """Store one reader's yes or no and note. Nothing about the reader is kept."""
    # Locked so that a withdrawal in the same instant cannot be passed by.
    question = Question.objects.published().select_for_update().filter(pk=question_id).first()
    if question is None:
        raise NotPublished
    return Feedback.objects.create(question=question, helpful=helpful, note=note)


@transaction.atomic
def feedback_mark_read(*, feedback: Iterable[Feedback], actor: AbstractBaseUser) -> int:
    """Staff have read these notes."""
    ids = [item.pk for item in feedback]
    count = (
        Feedback.objects.filter(pk__in=ids, note_read=False).exclude(note="").update(note_read=True)
    )
    audit.log.info("feedback notes marked read: %s by user #%s", count, actor.pk)
    return count
