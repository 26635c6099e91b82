"""Emails the product sends, queued in the outbox (`OutgoingEmail`).

Each function renders a message and stores it in the current transaction.
Nothing is sent inside a request: `manage.py send_outbox`, run from cron every
minute or so, sends what is waiting and retries what the mail server refused,
so a slow or silent mail server never holds up a patient or a web worker.
Messages to one person never carry another person's name, email or wording.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.mail import EmailMultiAlternatives
from django.db.models import F, Q
from django.utils import timezone

from core import emails

from .models import Comment, CommentReply, ExpertProfile, OutgoingEmail, Question

log = logging.getLogger(__name__)

# A run that took a message and then died (killed, server rebooted) leaves a
# claim behind; after this long another run may take the message again. Far
# longer than one message can take to send (EMAIL_TIMEOUT per attempt).
CLAIM_LEASE = datetime.timedelta(minutes=10)


def compose(
    *, to: str, subject: str, template: str, context: dict, headers: dict[str, str] | None = None
) -> OutgoingEmail:
    """An unsaved outbox message, both parts rendered from the template (core/emails.py)."""
    rendered = emails.render(template, context, subject=subject, headers=headers)
    return OutgoingEmail(
        to=to,
        subject=subject,
        body=rendered.text,
        html_body=rendered.html,
        headers=rendered.headers,
    )


def queue(
    *,
    to: str,
    subject: str,
    template: str,
    context: dict,
    headers: dict[str, str] | None = None,
    forget_recipient: bool = False,
) -> OutgoingEmail:
    """Store one email in the outbox, in the current transaction. With
    forget_recipient the address is erased once the message has gone."""
    email = compose(to=to, subject=subject, template=template, context=context, headers=headers)
    email.forget_recipient = forget_recipient
    email.save()
    return email


def claim(message_id: int) -> bool:
    """Take one unsent message for this run; False if it is sent or another run has it.

    The check is the UPDATE itself, so exactly one of two racing runs matches
    the row: on PostgreSQL the second UPDATE waits for the first to commit,
    re-reads the row and matches nothing; on SQLite writers take turns.
    """
    now = timezone.now()
    return (
        OutgoingEmail.objects.filter(pk=message_id, sent_at__isnull=True)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_LEASE))
        .update(claimed_at=now)
        == 1
    )


def deliver(message_id: int) -> bool | None:
    """Send one queued message if this run can claim it.

    True when it went out, False when the mail server failed (it waits for the
    next run), None when it was sent already or another run is sending it.
    """
    if not claim(message_id):
        return None
    message = OutgoingEmail.objects.get(pk=message_id)
    email = EmailMultiAlternatives(
        message.subject,
        message.body,
        settings.DEFAULT_FROM_EMAIL,
        [message.to],
        headers=message.headers,
    )
    if message.html_body:
        email.attach_alternative(message.html_body, "text/html")
    try:
        email.send()
    except Exception as exc:  # any transport failure: keep it for the next run
        OutgoingEmail.objects.filter(pk=message.pk).update(
            attempts=F("attempts") + 1, last_error=type(exc).__name__[:200], claimed_at=None
        )
        # The address is personal data: log only the message id.
        log.warning(
            "Email %s not sent (%s); it stays in the outbox.", message.pk, type(exc).__name__
        )
        return False
    # An address given for this one message is erased once it has gone.
    forget = {"to": ""} if message.forget_recipient else {}
    OutgoingEmail.objects.filter(pk=message.pk).update(
        sent_at=timezone.now(), attempts=F("attempts") + 1, last_error="", **forget
    )
    return True


def _patient_email(question: Question) -> str:
    submission = getattr(question, "submission", None)
    if submission is None or not submission.email:
        return ""
    return submission.email


def patient_acknowledged(question: Question, *, status_url: str) -> None:
    to = _patient_email(question)
    if to:
        queue(
            to=to,
            subject="We received your question",
            template="emails/question_received.txt",
            context={"status_url": status_url},
        )


def patient_answer_published(question: Question) -> None:
    to = _patient_email(question)
    if to and question.submission.notify:
        queue(
            to=to,
            subject="Your question has been answered",
            template="emails/answer_published.txt",
            context={"question_url": settings.SITE_URL + question.get_absolute_url()},
        )


def patient_declined(question: Question) -> None:
    to = _patient_email(question)
    if to:
        queue(
            to=to,
            subject="About the question you sent us",
            template="emails/question_declined.txt",
            context={
                "reason": question.get_reject_reason_display(),
                "note": question.reject_note,
                "duplicate_url": (
                    settings.SITE_URL + question.duplicate_of.get_absolute_url()
                    if question.duplicate_of_id and question.duplicate_of.is_public
                    else ""
                ),
            },
        )


def commenter_replied(comment: Comment, reply: CommentReply) -> None:
    """The one email a commenter asked for: a link to the reply, nothing they wrote."""
    queue(
        to=comment.author_email,
        subject="A reply to your comment",
        template="emails/comment_replied.txt",
        context={
            "signed_as": reply.signed_as,
            "reply_url": f"{settings.SITE_URL}{comment.question.get_absolute_url()}"
            f"#reply-{reply.pk}",
        },
        forget_recipient=True,
    )


def _staff_subject(question: Question, what: str) -> str:
    """Subjects of staff emails: urgent first. No title: until it is signed it may
    still hold the patient's own words, and an inbox is not the admin."""
    subject = f"{what} (#{question.pk})"
    return f"Urgent (red-flag words): {subject}" if question.urgent else subject


def expert_assigned(question: Question) -> None:
    expert = question.expert
    if expert is not None and expert.user.email:
        queue(
            to=expert.user.email,
            subject=_staff_subject(question, "A question was assigned to you"),
            template="emails/expert_assigned.txt",
            context={"question": question, "expert": expert},
        )


def signers_answer_waiting(
    question: Question, *, sender: AbstractBaseUser, signers: list[ExpertProfile]
) -> None:
    """Tell the clinicians who may sign this version (signing.possible_signers),
    naming the clinician who sent it and so answers for it."""
    profile = ExpertProfile.objects.filter(user=sender).first()
    one = compose(
        to="",
        subject=_staff_subject(question, "An answer waits for your sign-off"),
        template="emails/signoff_waiting.txt",
        context={"question": question, "sender": profile.display_name if profile else ""},
    )
    OutgoingEmail.objects.bulk_create(
        OutgoingEmail(
            to=signer.user.email,
            subject=one.subject,
            body=one.body,
            html_body=one.html_body,
            headers=one.headers,
        )
        for signer in signers
        if signer.user.email
    )


def moderators_new_question(question: Question) -> None:
    subject = _staff_subject(question, "New question waiting for triage")
    for to in settings.MODERATOR_EMAILS:
        queue(
            to=to,
            subject=subject,
            template="emails/moderator_new_question.txt",
            context={"question": question},
        )


def moderators_comments_waiting(count: int) -> None:
    for to in settings.MODERATOR_EMAILS:
        queue(
            to=to,
            subject=f"{count} comment(s) waiting for approval",
            template="emails/moderator_comments_waiting.txt",
            context={"count": count},
            headers=emails.BULK,  # a digest, sent on a schedule
        )
