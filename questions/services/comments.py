"""Readers' comments: sent, then approved, rejected or marked as spam."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from core.cache import content_changed

from ..models import Comment, Question
from ..tokens import hash_client, hash_token


class CommentsClosed(Exception):
    """The Q&A takes no more comments."""


@transaction.atomic
def comment_submit(
    *, question: Question, name: str, email: str, body: str, client_address: str, form_token: str
) -> Comment:
    """Store a reader's comment, pending approval. Raises IntegrityError if this
    very form was stored already (a double post), CommentsClosed if closed."""
    if not question.accepts_comments:
        raise CommentsClosed("Comments on this Q&A are closed.")
    return Comment.objects.create(
        question=question,
        author_name=name,
        author_email=email,
        body=body,
        client_hash=hash_client(client_address) if client_address else "",
        submission_key=hash_token(f"comment:{form_token}"),
    )


def comment_moderate(*, comment_ids: list[int], actor: AbstractBaseUser, status: str) -> int:
    """Approve, reject or mark as spam; records who and when. Returns how many changed."""
    if not actor.is_active or not actor.has_perm("questions.moderate_comment"):
        raise PermissionDenied("You are not allowed to moderate comments.")
    if status not in {Comment.Status.APPROVED, Comment.Status.REJECTED, Comment.Status.SPAM}:
        raise ValueError(f"Not a moderation decision: {status!r}")
    with transaction.atomic():
        changed = (
            Comment.objects.filter(pk__in=comment_ids)
            .exclude(status=status)
            .update(status=status, moderated_by=actor, moderated_at=timezone.now())
        )
        if changed:
            content_changed()
    return changed
