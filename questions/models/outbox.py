"""Email waiting to be sent."""

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

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            # send_outbox: unsent mail, oldest first.
            models.Index(
                fields=["created_at"], condition=Q(sent_at__isnull=True), name="outbox_unsent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} ({'sent' if self.sent_at else 'waiting'})"
