"""Reads of the subscriptions."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from questions.models import Category

from .models import Subscription, SubscriptionQuerySet, hash_token

CONFIRM_VALID = datetime.timedelta(hours=48)


def waiting_confirmation(confirm_token: str) -> SubscriptionQuerySet:
    """The subscription this confirmation link confirms, while it is valid."""
    return Subscription.objects.filter(
        confirm_hash=hash_token(confirm_token),
        confirmed_at__isnull=True,
        mailed_at__gt=timezone.now() - CONFIRM_VALID,
    )


def category_ids(slug: str) -> list[int]:
    """The category a page's "Get new answers by email" link came from, if it exists."""
    return list(Category.objects.filter(slug=slug).values_list("pk", flat=True)[:1])


def subscriber_counts() -> dict[str, int]:
    """Confirmed and waiting subscriptions, in one query."""
    return Subscription.objects.aggregate(
        confirmed=Count("pk", filter=Q(confirmed_at__isnull=False)),
        waiting=Count("pk", filter=Q(confirmed_at__isnull=True)),
    )
