"""Reads of the subscriptions."""

from __future__ import annotations

from django.db.models import Count, Q

from .models import Subscription


def subscriber_counts() -> dict[str, int]:
    """Confirmed and waiting subscriptions, in one query."""
    return Subscription.objects.aggregate(
        confirmed=Count("pk", filter=Q(confirmed_at__isnull=False)),
        waiting=Count("pk", filter=Q(confirmed_at__isnull=True)),
    )
