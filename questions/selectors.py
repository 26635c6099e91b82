"""Reads shared by pages, feeds and the sidebar; all go through `published()`."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from core.cache import cached_by_generation

from .models import Question


@dataclass(frozen=True)
class MonthCount:
    month: datetime.date
    count: int


@dataclass(frozen=True)
class CategoryCount:
    pk: int
    name: str
    slug: str
    description: str
    count: int


@dataclass(frozen=True)
class Sidebar:
    months: list[MonthCount]
    categories: list[CategoryCount]

    @property
    def total(self) -> int:
        return sum(m.count for m in self.months)

    def category(self, slug: str) -> CategoryCount | None:
        return next((c for c in self.categories if c.slug == slug), None)


def _compute_sidebar() -> Sidebar:
    # One GROUP BY over (category, month) gives both lists; at most a few
    # thousand rows even after years, and it is cached until content changes.
    rows = (
        Question.objects.published()
        .annotate(month=TruncMonth("published_at", tzinfo=timezone.get_current_timezone()))
        .values("month", "category_id", "category__name", "category__slug", "category__description")
        .annotate(count=Count("pk"))
        .order_by()
    )
    months: Counter[datetime.date] = Counter()
    categories: Counter[tuple[int, str, str, str]] = Counter()
    for row in rows:
        months[timezone.localtime(row["month"]).date()] += row["count"]
        if row["category_id"]:
            key = (
                row["category_id"],
                row["category__name"],
                row["category__slug"],
                row["category__description"],
            )
            categories[key] += row["count"]
    return Sidebar(
        months=[MonthCount(m, n) for m, n in sorted(months.items(), reverse=True)],
        categories=sorted(
            (CategoryCount(*key, count=n) for key, n in categories.items()), key=lambda c: c.name
        ),
    )


def sidebar() -> Sidebar:
    """Archive months (newest first) and categories (by name) with their counts."""
    return cached_by_generation("sidebar", _compute_sidebar)


def archive_months() -> list[MonthCount]:
    return sidebar().months


def category_counts() -> list[CategoryCount]:
    return sidebar().categories
