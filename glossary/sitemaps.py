"""The glossary for search engines (listed in mscenter/urls.py)."""

from __future__ import annotations

import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from core.sitemaps import OnSite

from .models import Term


class TermSitemap(OnSite, Sitemap):
    changefreq = "monthly"

    def items(self) -> QuerySet[Term]:
        return Term.objects.published().only("slug", "reviewed_on").order_by("slug")

    def lastmod(self, item: Term) -> datetime.date | None:
        return item.reviewed_on


class GlossaryIndexSitemap(OnSite, Sitemap):
    changefreq = "weekly"

    def items(self) -> list[str]:
        return ["glossary:list"]

    def location(self, item: str) -> str:
        return reverse(item)
