"""Reads shared by pages, feeds and the sidebar; all go through `published()`."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from .models import Question


@dataclass(frozen=True)
class MonthCount:
    month: datetime.date
    count: int


@dataclass(frozen=True)
class CategoryCount:
    name: str
    slug: str
    count: int


def archive_months() -> list[MonthCount]:
    """Months with published Q&As, newest first, in the site's time zone."""
    rows = (
        Question.objects.published()
        .annotate(month=TruncMonth("published_at", tzinfo=timezone.get_current_timezone()))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by("-month")
    )
    return [MonthCount(month=timezone.localtime(r["month"]).date(), count=r["count"]) for r in rows]


def category_counts() -> list[CategoryCount]:
    """Categories that have published Q&As, by name, with how many."""
    rows = (
        Question.objects.published()
        .filter(category__isnull=False)
        .values("category__name", "category__slug")
        .annotate(count=Count("pk"))
        .order_by("category__name")
    )
    return [
        CategoryCount(name=r["category__name"], slug=r["category__slug"], count=r["count"])
        for r in rows
    ]
