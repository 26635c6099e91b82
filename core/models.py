"""Site-wide models: the outbox of every email the site sends."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone


class OutgoingEmail(models.Model):
    """The outbox: a notification is stored in the same transaction as the
    change it reports and sent by `send_outbox` (run from cron), never inside a
    request, so a failing or silent mail server never costs a question, a
    state or a web worker."""

    to = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField(help_text="The plain-text part.")
    html_body = models.TextField(
        blank=True, help_text="The HTML part, rendered with the text from the same template."
    )
    headers = models.JSONField(
        default=dict,
        blank=True,
        help_text="Extra headers, e.g. Auto-Submitted, Precedence, List-Unsubscribe.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When a run of send_outbox took this message to send it; "
        "another run leaves it alone until the claim is old enough to be a crashed run's.",
    )
    forget_recipient = models.BooleanField(
        default=False,
        help_text="The address was given for this one message: it is erased once the message is sent.",
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=200, blank=True)
    next_attempt_at = models.DateTimeField(
        default=timezone.now,
        help_text="Not tried again before this: each refusal by the mail server doubles the wait.",
    )
    failed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the site gave up on this message (the mail server refused the address "
        "for good, or it failed OUTBOX_MAX_ATTEMPTS times). It is kept here and never retried.",
    )

    class Meta:
        # The table keeps the name it was created with, when the outbox was the Q&A app's.
        db_table = "questions_outgoingemail"
        ordering = ["created_at", "pk"]
        indexes = [
            # send_outbox: the messages still to try, never tried first, newest first.
            models.Index(
                fields=["attempts", "-created_at"],
                condition=Q(sent_at__isnull=True, failed_at__isnull=True),
                name="outbox_to_try",
            ),
            # The administrator's dashboard: how many messages were set aside.
            models.Index(
                fields=["failed_at"], condition=Q(failed_at__isnull=False), name="outbox_failed"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(sent_at__isnull=True) | Q(failed_at__isnull=True),
                name="outbox_sent_or_failed_not_both",
            ),
        ]

    def __str__(self) -> str:
        if self.sent_at:
            return f"{self.subject} (sent)"
        return f"{self.subject} ({'failed' if self.failed_at else 'waiting'})"


class ScheduledRun(models.Model):
    """A scheduled command's work for one period, claimed once: the same
    command started by cron on several app servers at the same moment inserts
    the same (name, period) row, and only the one whose insert succeeds does
    the work (core.scheduled.claim). Rows are kept as the record of the runs."""

    name = models.CharField(max_length=60)
    period = models.CharField(max_length=32, help_text="E.g. the hour, “2026-12-07T05”.")
    claimed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["name", "period"], name="one_run_per_period"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.period}"
