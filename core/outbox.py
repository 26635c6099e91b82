"""The outbox: every email the site sends is stored here (`OutgoingEmail`) in
the transaction of the change it reports, and sent by `manage.py send_outbox`,
run from cron every minute or so, so a slow or silent mail server never holds
up a patient or a web worker.

Mail never jams: a message the mail server does not take waits longer after
each try and is set aside (kept for the administrator, never tried again)
when the server refuses the address for good or after OUTBOX_MAX_ATTEMPTS
tries; each run tries never-tried mail first, newest first, so neither a
backlog of retries nor a burst of hundreds of messages (an attack on the
subscribe form, a digest) holds back the email a patient is waiting for.
"""

from __future__ import annotations

import datetime
import enum
import logging
import smtplib

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import ngettext

from . import emails
from .dashboard import Row
from .models import OutgoingEmail

log = logging.getLogger(__name__)

# A run that took a message and then died (killed, server rebooted) leaves a
# claim behind; after this long another run may take the message again. Far
# longer than one message can take to send (EMAIL_TIMEOUT per attempt).
CLAIM_LEASE = datetime.timedelta(minutes=10)
# The longest wait between two tries: a mail server down for a day is still
# tried several times before the message is set aside.
LONGEST_WAIT = datetime.timedelta(hours=6)


class Delivery(enum.Enum):
    SENT = "sent"
    WAITING = "waiting"  # the mail server did not take it; tried again later
    FAILED = "failed"  # set aside: never tried again
    SKIPPED = "skipped"  # sent, set aside, not due, or another run has it


def compose(
    *,
    to: str,
    subject: str,
    template: str,
    context: dict,
    headers: dict[str, str] | None = None,
    disclaimer: bool = True,
) -> OutgoingEmail:
    """An unsaved outbox message, both parts rendered from the template
    (core/emails.py), with the medical disclaimer unless told otherwise."""
    rendered = emails.render(
        template, context, subject=subject, headers=headers, disclaimer=disclaimer
    )
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
    disclaimer: bool = True,
) -> OutgoingEmail:
    """Store one email in the outbox, in the current transaction. With
    forget_recipient the address is erased once the message has gone."""
    email = compose(
        to=to,
        subject=subject,
        template=template,
        context=context,
        headers=headers,
        disclaimer=disclaimer,
    )
    email.forget_recipient = forget_recipient
    email.save()
    return email


def _free(now: datetime.datetime) -> Q:
    return Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_LEASE)


def outbox_due(*, now: datetime.datetime) -> QuerySet[OutgoingEmail]:
    """The messages a run of send_outbox tries, in the order it tries them.

    Never-tried mail goes before retries, so messages the mail server keeps
    refusing never stand in front of new ones. Among those, the newest first:
    under a burst larger than one run, the person who pressed "send" a moment
    ago still hears back on the next run, and the burst drains over the
    following runs (each tries every message once before any is tried again).
    """
    return (
        OutgoingEmail.objects.filter(
            sent_at__isnull=True, failed_at__isnull=True, next_attempt_at__lte=now
        )
        .filter(_free(now))
        .order_by("attempts", "-created_at", "-pk")
    )


def claim(message_id: int, *, now: datetime.datetime | None = None) -> bool:
    """Take one due message for this run; False if it is sent, set aside, not
    due yet, or another run has it.

    The check is the UPDATE itself, so exactly one of two racing runs matches
    the row: on PostgreSQL the second UPDATE waits for the first to commit,
    re-reads the row and matches nothing; on SQLite writers take turns.
    """
    now = now or timezone.now()
    return (
        OutgoingEmail.objects.filter(
            pk=message_id, sent_at__isnull=True, failed_at__isnull=True, next_attempt_at__lte=now
        )
        .filter(_free(now))
        .update(claimed_at=now)
        == 1
    )


def retry_wait(attempts: int) -> datetime.timedelta:
    """How long a message waits after its `attempts`-th failed try: the next run
    after the first (most failures are a moment's), then OUTBOX_RETRY_SECONDS,
    doubling each time, never more than LONGEST_WAIT."""
    if attempts <= 1:
        return datetime.timedelta(0)
    doublings = min(attempts - 2, 32)  # beyond this the cap applies anyway
    seconds = settings.OUTBOX_RETRY_SECONDS * 2**doublings
    return min(datetime.timedelta(seconds=seconds), LONGEST_WAIT)


def _refused_for_good(exc: Exception) -> bool:
    """The mail server refused the address itself with a permanent reply (5yz,
    RFC 5321): trying again can only be refused again. A refusal of the sender
    or of the message may be the site's own configuration, and is retried."""
    if not isinstance(exc, smtplib.SMTPRecipientsRefused) or not exc.recipients:
        return False
    return all(code >= 500 for code, _ in exc.recipients.values())


def _error_name(exc: Exception) -> str:
    # Only the kind of error and the server's reply code: its text may quote the address.
    if isinstance(exc, smtplib.SMTPRecipientsRefused) and exc.recipients:
        codes = sorted({code for code, _ in exc.recipients.values()})
        return f"{type(exc).__name__} {'/'.join(map(str, codes))}"[:200]
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{type(exc).__name__} {exc.smtp_code}"[:200]
    return type(exc).__name__[:200]


def deliver(message_id: int, *, now: datetime.datetime | None = None) -> Delivery:
    """Send one queued message if this run can claim it.

    A message the mail server does not take waits for its next try
    (`retry_wait`), or is set aside when the server refused the address for
    good or it has had OUTBOX_MAX_ATTEMPTS tries.
    """
    now = now or timezone.now()
    if not claim(message_id, now=now):
        return Delivery.SKIPPED
    message = OutgoingEmail.objects.filter(pk=message_id).first()
    if message is None:  # erased (with the address it was for) since it was claimed
        return Delivery.SKIPPED
    email = EmailMultiAlternatives(
        message.subject,
        message.body,
        settings.DEFAULT_FROM_EMAIL,
        [message.to],
        headers=message.headers,
    )
    if message.html_body:
        email.attach_alternative(message.html_body, "text/html")
    attempts = message.attempts + 1
    try:
        email.send()
    except Exception as exc:  # any transport failure: tried again later, or set aside
        give_up = _refused_for_good(exc) or attempts >= settings.OUTBOX_MAX_ATTEMPTS
        # An address given for this one message goes when the message can no longer go.
        forget = {"to": ""} if give_up and message.forget_recipient else {}
        OutgoingEmail.objects.filter(pk=message.pk).update(
            attempts=attempts,
            last_error=_error_name(exc),
            claimed_at=None,
            next_attempt_at=now + retry_wait(attempts),
            failed_at=now if give_up else None,
            **forget,
        )
        # The address is personal data: log only the message id.
        if give_up:
            log.warning(
                "Email %s set aside after %s attempt(s) (%s); it is never tried again.",
                message.pk,
                attempts,
                _error_name(exc),
            )
            return Delivery.FAILED
        log.warning("Email %s not sent (%s); it stays in the outbox.", message.pk, _error_name(exc))
        return Delivery.WAITING
    # An address given for this one message is erased once it has gone.
    forget = {"to": ""} if message.forget_recipient else {}
    OutgoingEmail.objects.filter(pk=message.pk).update(
        sent_at=timezone.now(), attempts=attempts, last_error="", claimed_at=None, **forget
    )
    return Delivery.SENT


def outbox_send_again(*, messages: QuerySet[OutgoingEmail]) -> int:
    """Give messages that were set aside a new round of tries, once the cause is
    fixed (the mail server's settings, say); returns how many. A message whose
    address was erased cannot be sent again."""
    with transaction.atomic():
        return (
            messages.filter(failed_at__isnull=False, sent_at__isnull=True)
            .exclude(to="")
            .update(failed_at=None, attempts=0, next_attempt_at=timezone.now(), claimed_at=None)
        )


def waiting_for(user: User) -> list[Row]:
    """Mail set aside, for "Waiting for you" (core.dashboard)."""
    items: list[Row] = []
    if user.has_perm("core.view_outgoingemail"):
        failed = OutgoingEmail.objects.filter(failed_at__isnull=False).count()
        if failed:
            items.append(
                Row(
                    90,
                    ngettext(
                        "email the site gave up sending (see why, and send it again)",
                        "emails the site gave up sending (see why, and send them again)",
                        failed,
                    ),
                    failed,
                    "/admin/core/outgoingemail/?failed_at__isnull=False",
                )
            )
    return items
