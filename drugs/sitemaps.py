"""The drug reference for search engines (listed in mscenter/urls.py)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Prefetch, QuerySet
from django.urls import reverse

from core.sitemaps import OnSite

from .models import Drug, DrugTranslation


class DrugSitemap(OnSite, Sitemap):
    """Each entry in English, and in each language it has a current signed
    translation in, with hreflang alternates between them (x-default: English)."""

    changefreq = "monthly"
    i18n = True
    alternates = True
    x_default = True

    def items(self) -> QuerySet[Drug]:
        translated = DrugTranslation.objects.filter(is_current=True).only("entry", "language")
        return (
            Drug.objects.published()
            .only("slug", "reviewed_on")
            .prefetch_related(Prefetch("translations", translated, to_attr="current_translations"))
            .order_by("slug")
        )

    def get_languages_for_item(self, item: Drug) -> list[str]:
        translated: list[DrugTranslation] = getattr(item, "current_translations", [])
        return [settings.LANGUAGE_CODE] + [t.language for t in translated]

    def lastmod(self, item: Drug) -> datetime.date | None:
        return item.reviewed_on


class DrugListSitemap(OnSite, Sitemap):
    """The index, in every language: each lists what is signed in its language."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "daily"

    def items(self) -> list[str]:
        return ["drugs:list"]

    def location(self, item: str) -> str:
        return reverse(item)
