"""Readers who asked to be emailed new answers, and what each has been sent.

An address is personal data under the same rules as a patient's: it is never
shown on a page (not even the subscriber's own), never logged, and erased when
the subscription ends. Only a keyed hash stays, and only if the person asks
never to be emailed again.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from core.addresses import comparable
from core.models import OutgoingEmail
from questions.models import Category, Question


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def address_hash(email: str) -> str:
    """A keyed hash of an address (HMAC with SECRET_KEY): enough to recognise it
    again, not to read it back, nor to test guesses without the key."""
    return salted_hmac("subscriptions.never", comparable(email), algorithm="sha256").hexdigest()


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self) -> SubscriptionQuerySet:
        return self.filter(confirmed_at__isnull=False)

    def by_token(self, token: str) -> SubscriptionQuerySet:
        return self.filter(token_hash=hash_token(token))


class Subscription(models.Model):
    class Frequency(models.TextChoices):
        DAILY = "daily", _("Daily: one email on each day with new answers")
        WEEKLY = "weekly", _("Weekly: one email a week")

    email = models.EmailField()
    categories = models.ManyToManyField(
        Category,
        blank=True,
        related_name="+",
        help_text="Only answers in these categories (unless 'every answer' is ticked).",
    )
    # Stored, not inferred from an empty list of topics: deleting the only
    # category a subscriber chose must leave them with nothing, never with everything.
    all_topics = models.BooleanField(
        "every answer",
        default=True,
        help_text="Every new answer, whatever its category. Untick to send only the chosen topics.",
    )
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY)
    language = models.CharField(
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text="The language of the page they subscribed on: their emails, and the "
        "answers in them, are in it.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    # The link in every email (manage, unsubscribe) is HMAC(SECRET_KEY, token_key):
    # recomputed for each digest, so it needs no storing, and the database alone
    # (a backup, say) does not give it away. Looked up by its SHA-256.
    token_key = models.CharField(max_length=64, default="")
    token_hash = models.CharField(max_length=64, unique=True)
    # The confirmation link is random and sent once; only its hash is kept.
    confirm_hash = models.CharField(max_length=64, blank=True, db_index=True)
    mailed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the last confirmation (or 'already subscribed') email was queued; "
        "unconfirmed subscriptions are erased some days after it.",
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_digest_at = models.DateTimeField(null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        constraints = [
            # One subscription per address, whatever its capitals.
            models.UniqueConstraint(Lower("email"), name="subscription_one_per_address"),
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=True) | Q(last_digest_at__isnull=False),
                name="subscription_confirmed_has_digest_mark",
            ),
        ]
        indexes = [
            # send_digests: the confirmed subscribers of one frequency.
            models.Index(
                fields=["frequency"],
                condition=Q(confirmed_at__isnull=False),
                name="subscription_confirmed",
            ),
        ]

    def __str__(self) -> str:
        # Never the address: this string reaches admin pages and log lines.
        return f"Subscription #{self.pk}"

    def new_token(self) -> str:
        self.token_key = secrets.token_hex(16)
        token = self.token
        self.token_hash = hash_token(token)
        return token

    @property
    def token(self) -> str:
        return salted_hmac("subscriptions.manage", self.token_key, algorithm="sha256").hexdigest()


class DigestDelivery(models.Model):
    """One answer sent to one subscriber, written in the transaction that queues
    the digest: the unique pair is what keeps an answer from being sent twice,
    whatever happens to a run of send_digests."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    email = models.ForeignKey(
        OutgoingEmail, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "digest deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "question"], name="digest_sends_an_answer_once"
            )
        ]

    def __str__(self) -> str:
        return f"Answer #{self.question_id} to subscription #{self.subscription_id}"


class NeverEmail(models.Model):
    """An address whose owner asked never to be emailed again, as a keyed hash only."""

    address_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Do-not-email entry #{self.pk}"
