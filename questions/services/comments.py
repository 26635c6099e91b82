"""Readers' comments: sent, then approved, rejected or marked as spam."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation

from core import audit
from core.cache import content_changed
from core.events import announce

from .. import notifications
from ..models import Comment, CommentReply, ExpertProfile, Question
from ..signals import comment_approved
from ..tokens import hash_client, hash_token

REPLY_MAX = 3000


class CommentsClosed(Exception):
    """The Q&A takes no more comments."""


class ReplyNotAllowed(Exception):
    """This comment cannot have a reply (not approved, or its Q&A is not public)."""


@transaction.atomic
def comment_submit(
    *,
    question: Question,
    name: str,
    email: str,
    body: str,
    client_address: str,
    form_token: str,
    notify_reply: bool = False,
    language: str | None = None,
) -> Comment:
    """Store a reader's comment, pending approval. Raises IntegrityError if this
    very form was stored already (a double post), CommentsClosed if closed.
    `notify_reply`: email them once when a clinician replies (needs an email)."""
    if not question.accepts_comments:
        raise CommentsClosed("Comments on this Q&A are closed.")
    return Comment.objects.create(
        question=question,
        author_name=name,
        author_email=email,
        notify_reply=notify_reply and bool(email),
        body=body,
        language=language or translation.get_language(),
        client_hash=hash_client(client_address) if client_address else "",
        submission_key=hash_token(f"comment:{form_token}"),
    )


def comment_moderate(*, comment_ids: list[int], actor: User, status: str) -> int:
    """Approve, reject or mark as spam; records who and when. Returns how many changed."""
    if not actor.is_active or not actor.has_perm("questions.moderate_comment"):
        raise PermissionDenied("You are not allowed to moderate comments.")
    if status not in {Comment.Status.APPROVED, Comment.Status.REJECTED, Comment.Status.SPAM}:
        raise ValueError(f"Not a moderation decision: {status!r}")
    erase = {}
    if status != Comment.Status.APPROVED:
        # No one will write to a rejected commenter, nor tell them of a reply.
        erase = {"author_email": "", "notify_reply": False}
    with transaction.atomic():
        moving = list(
            Comment.objects.select_for_update()
            .filter(pk__in=comment_ids)
            .exclude(status=status)
            .values_list("pk", flat=True)
        )
        changed = Comment.objects.filter(pk__in=moving).update(
            status=status, moderated_by=actor, moderated_at=timezone.now(), **erase
        )
        if changed:
            content_changed()
            if status == Comment.Status.APPROVED:
                announce(comment_approved, comment_ids=moving)
    return changed


def can_reply(user: User) -> bool:
    """Clinicians with a signature block reply in their name; moderators may
    reply without one, as the clinic team."""
    if not (user.is_active and user.has_perm("questions.reply_to_comment")):
        return False
    return user.has_perm("questions.moderate_comment") or (
        ExpertProfile.objects.filter(user=user).exists()
    )


@transaction.atomic
def comment_reply(*, comment_id: int, actor: User, body: str) -> CommentReply:
    """Publish a reply under an approved comment, signed with the actor's
    display name (the clinic team for a moderator without one). If the
    commenter asked, queue their one email and erase their address."""
    if not can_reply(actor):
        raise PermissionDenied(
            "Only a clinician with an expert profile, or a moderator, can reply to comments."
        )
    body = body.replace("\r\n", "\n").strip()
    if not body:
        raise ValueError("A reply needs some text.")
    if len(body) > REPLY_MAX:
        raise ValueError(f"A reply is at most {REPLY_MAX} characters.")
    # Locked: a moderator rejecting it at this moment waits, and a second reply
    # racing this one finds the address already erased (one email, never two).
    comment = (
        Comment.objects.select_for_update(of=("self",))
        .select_related("question")
        .get(pk=comment_id)
    )
    if comment.status != Comment.Status.APPROVED:
        raise ReplyNotAllowed("Only an approved comment can have a reply.")
    if not comment.question.is_public:
        raise ReplyNotAllowed("This Q&A is not public now, so a reply would not be seen.")
    # The same reply posted twice (a double click, a reload) is published once.
    same = comment.replies.filter(author=actor, body=body).first()
    if same is not None:
        return same
    profile = ExpertProfile.objects.filter(user=actor).first()
    reply = CommentReply.objects.create(
        comment=comment,
        author=actor,
        expert=profile,
        signed_as=profile.display_name if profile else "",
        body=body,
    )
    if comment.notify_reply:
        if comment.author_email:
            with translation.override(comment.language):  # the page they wrote on
                notifications.commenter_replied(comment, reply)
        # Given for this one email: no one needs it any more.
        comment.author_email = ""
        comment.notify_reply = False
        comment.save(update_fields=["author_email", "notify_reply"])
    audit.comment_replied(comment_id=comment.pk, reply_id=reply.pk, actor_id=actor.pk)
    content_changed()
    return reply
