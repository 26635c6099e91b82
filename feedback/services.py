"""Writes of reader feedback."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core import audit
from questions.models import Question

from .models import Feedback

# A note is read within days; after half a year it has served its purpose, and
# a reader may have written their name or address into it. The yes or no stays,
# for the counts.
NOTES_KEPT = datetime.timedelta(days=180)


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


@transaction.atomic
def feedback_purge_notes(*, now: datetime.datetime | None = None) -> int:
    """Blank the notes written more than NOTES_KEPT ago; returns how many."""
    cutoff = (now or timezone.now()) - NOTES_KEPT
    return Feedback.objects.filter(created_at__lt=cutoff).exclude(note="").update(note="")


def _mentioning(strings: Iterable[str]) -> Q | None:
    strings = [s.strip() for s in strings if s.strip()]
    if not strings:
        return None
    mentions = Q()
    for value in strings:
        mentions |= Q(note__icontains=value)
    return mentions


def feedback_notes_mentioning(*, strings: Iterable[str]) -> list[dict[str, str]]:
    """The notes that name a person (their address, say): notes are anonymous,
    so what they wrote into one is all that links it to them."""
    if (mentions := _mentioning(strings)) is None:
        return []
    return [
        {"written_at": f.created_at.isoformat(), "note": f.note}
        for f in Feedback.objects.filter(mentions)
    ]


@transaction.atomic
def feedback_erase_mentions(*, strings: Iterable[str]) -> int:
    """Blank the notes that name a person; returns how many."""
    if (mentions := _mentioning(strings)) is None:
        return 0
    return Feedback.objects.filter(mentions).update(note="", note_read=True)
