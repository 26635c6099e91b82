"""The glossary for search engines (listed in mscenter/urls.py)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Prefetch, QuerySet
from django.urls import reverse

from core.sitemaps import OnSite

from .models import Term, TermTranslation


class TermSitemap(OnSite, Sitemap):
    """Each entry in English, and in each language it has a current signed
    translation in, with hreflang alternates between them (x-default: English)."""

    changefreq = "monthly"
    i18n = True
    alternates = True
    x_default = True

    def items(self) -> QuerySet[Term]:
        translated = TermTranslation.objects.filter(is_current=True).only("entry", "language")
        return (
            Term.objects.published()
            .only("slug", "reviewed_on")
            .prefetch_related(Prefetch("translations", translated, to_attr="current_translations"))
            .order_by("slug")
        )

    def get_languages_for_item(self, item: Term) -> list[str]:
        translated: list[TermTranslation] = getattr(item, "current_translations", [])
        return [settings.LANGUAGE_CODE] + [t.language for t in translated]

    def lastmod(self, item: Term) -> datetime.date | None:
        return item.reviewed_on


class GlossaryIndexSitemap(OnSite, Sitemap):
    """The index, in every language: each lists what is signed in its language."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "weekly"

    def items(self) -> list[str]:
        return ["glossary:list"]

    def location(self, item: str) -> str:
        return reverse(item)
