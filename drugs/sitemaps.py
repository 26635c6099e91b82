"""The drug pages for search engines (listed by questions.sitemaps)."""

from __future__ import annotations

import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet

from .models import Drug


class DrugSitemap(Sitemap):
    changefreq = "monthly"

    def items(self) -> QuerySet[Drug]:
        return Drug.objects.published().only("slug", "reviewed_on").order_by("slug")

    def lastmod(self, item: Drug) -> datetime.date | None:
        return item.reviewed_on
