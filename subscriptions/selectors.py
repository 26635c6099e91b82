"""Reads of the subscriptions."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from .models import Subscription, SubscriptionQuerySet, hash_token

CONFIRM_VALID = datetime.timedelta(hours=48)


def waiting_confirmation(confirm_token: str) -> SubscriptionQuerySet:
    """The subscription this confirmation link confirms, while it is valid."""
    return Subscription.objects.filter(
        confirm_hash=hash_token(confirm_token),
        confirmed_at__isnull=True,
        mailed_at__gt=timezone.now() - CONFIRM_VALID,
    )


def subscriber_counts() -> dict[str, int]:
    """Confirmed and waiting subscriptions, in one query."""
    return Subscription.objects.aggregate(
        confirmed=Count("pk", filter=Q(confirmed_at__isnull=False)),
        waiting=Count("pk", filter=Q(confirmed_at__isnull=True)),
    )
