"""The drug reference for search engines (listed in mscenter/urls.py)."""

from __future__ import annotations

import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from core.sitemaps import OnSite

from .models import Drug


class DrugSitemap(OnSite, Sitemap):
    changefreq = "monthly"

    def items(self) -> QuerySet[Drug]:
        return Drug.objects.published().only("slug", "reviewed_on").order_by("slug")

    def lastmod(self, item: Drug) -> datetime.date | None:
        return item.reviewed_on


class DrugListSitemap(OnSite, Sitemap):
    changefreq = "daily"

    def items(self) -> list[str]:
        return ["drugs:list"]

    def location(self, item: str) -> str:
        return reverse(item)
