"""The emails of the Q&A lifecycle: to patients, commenters, clinicians and
moderators. Each function renders a message and stores it in the outbox
(core.outbox) in the current transaction; nothing is sent inside a request.
Messages to one person never carry another person's name, email or wording."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.utils.translation import gettext, ngettext

from core import emails, outbox
from core.models import OutgoingEmail

from .models import Comment, CommentReply, ExpertProfile, Question

# Emails to staff about their work. They leave out the patients' medical
# disclaimer (core/emails.py); everything else carries it, so a new email
# written for a patient or a reader can never lose it by being forgotten here.
STAFF_TEMPLATES = frozenset(
    {
        "emails/expert_assigned.txt",
        "emails/signoff_waiting.txt",
        "emails/moderator_new_question.txt",
        "emails/moderator_comments_waiting.txt",
    }
)


def queue(*, template: str, **kwargs: Any) -> OutgoingEmail:
    """Store one email in the outbox (core.outbox.queue), with the disclaimer
    unless it is staff mail."""
    return outbox.queue(template=template, disclaimer=template not in STAFF_TEMPLATES, **kwargs)


def compose(*, template: str, **kwargs: Any) -> OutgoingEmail:
    return outbox.compose(template=template, disclaimer=template not in STAFF_TEMPLATES, **kwargs)


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
            subject=gettext("We received your question"),
            template="emails/question_received.txt",
            context={"status_url": status_url},
        )


def patient_answer_published(question: Question) -> None:
    to = _patient_email(question)
    if to and question.submission.notify:
        queue(
            to=to,
            subject=gettext("Your question has been answered"),
            template="emails/answer_published.txt",
            context={"question_url": settings.SITE_URL + question.get_absolute_url()},
        )


def patient_declined(question: Question) -> None:
    to = _patient_email(question)
    if to:
        duplicate = question.duplicate_of
        queue(
            to=to,
            subject=gettext("About the question you sent us"),
            template="emails/question_declined.txt",
            context={
                "reason": question.get_reject_reason_display(),
                "note": question.reject_note,
                "duplicate_url": (
                    settings.SITE_URL + duplicate.get_absolute_url()
                    if duplicate is not None and duplicate.is_public
                    else ""
                ),
                "duplicate_waiting": duplicate is not None and not duplicate.is_public,
            },
        )


def commenter_replied(comment: Comment, reply: CommentReply) -> None:
    """The one email a commenter asked for: a link to the reply, nothing they wrote."""
    queue(
        to=comment.author_email,
        subject=gettext("A reply to your comment"),
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
    question: Question, *, sender: User, signers: list[ExpertProfile]
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
            subject=ngettext(
                "%(count)d comment waiting for approval",
                "%(count)d comments waiting for approval",
                count,
            )
            % {"count": count},
            template="emails/moderator_comments_waiting.txt",
            context={"count": count},
            headers=emails.BULK,  # a digest, sent on a schedule
        )
