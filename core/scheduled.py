"""Scheduled work done once per period, however many app servers run the
command (docs/operations.md, several app servers): a command claims its period
before it acts, and a second claim of the same period is refused by the
database's unique constraint."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import ScheduledRun


def hour_of(now: datetime.datetime | None = None) -> str:
    """The hour in UTC, as a period ("2026-12-07T05"): a local hour repeats when
    the clocks go back, and its second run would find it claimed."""
    return (now or timezone.now()).astimezone(datetime.UTC).strftime("%Y-%m-%dT%H")


def claim(name: str, period: str) -> bool:
    """Whether this run is the first to claim `name` for `period` (it then does
    the work); False when another run, here or on another server, has. Call it
    inside the transaction that does the work, so that a failed run leaves the
    period unclaimed."""
    try:
        with transaction.atomic():
            ScheduledRun.objects.create(name=name, period=period)
    except IntegrityError:
        return False
    return True
