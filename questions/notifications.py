"""Emails the product sends, queued in the outbox (`OutgoingEmail`).

Each function renders a message and stores it in the current transaction; it
is sent after commit. If the mail server fails, the row stays unsent and
`manage.py send_outbox` (run from cron) tries again. Messages to one person
never carry another person's name, email or wording.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from .models import OutgoingEmail, Question

log = logging.getLogger(__name__)


def queue(*, to: str, subject: str, template: str, context: dict) -> OutgoingEmail:
    body = render_to_string(
        template, {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **context}
    )
    message = OutgoingEmail.objects.create(to=to, subject=subject, body=body)
    transaction.on_commit(lambda: deliver(message.pk))
    return message


def deliver(message_id: int) -> bool:
    """Send one queued message; True when it went out (or already had)."""
    message = OutgoingEmail.objects.filter(pk=message_id, sent_at__isnull=True).first()
    if message is None:
        return True
    try:
        send_mail(message.subject, message.body, settings.DEFAULT_FROM_EMAIL, [message.to])
    except Exception as exc:  # any transport failure: keep it for the next run
        OutgoingEmail.objects.filter(pk=message.pk).update(
            attempts=F("attempts") + 1, last_error=type(exc).__name__[:200]
        )
        # The address is personal data: log only the message id.
        log.warning(
            "Email %s not sent (%s); it stays in the outbox.", message.pk, type(exc).__name__
        )
        return False
    OutgoingEmail.objects.filter(pk=message.pk).update(
        sent_at=timezone.now(), attempts=F("attempts") + 1, last_error=""
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


def expert_assigned(question: Question) -> None:
    expert = question.expert
    if expert is not None and expert.user.email:
        queue(
            to=expert.user.email,
            subject=f"A question was assigned to you (#{question.pk})",
            template="emails/expert_assigned.txt",
            context={"question": question, "expert": expert},
        )


def moderators_new_question(question: Question) -> None:
    subject = f"New question waiting for triage (#{question.pk})"
    if question.urgent:
        subject = f"Urgent (red-flag words): {subject}"
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
        )
