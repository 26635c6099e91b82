from __future__ import annotations

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from drugs.sitemaps import DrugSitemap

from .models import ExpertProfile, Question
from .selectors import MonthCount, archive_months, category_counts, experts_with_answers


class OnSite:
    """Addresses on the site's own address (SITE_URL), never the request's Host:
    the sitemap is cached and read by every search engine, so a forged Host
    must not end up in it."""

    def get_protocol(self, protocol: str | None = None) -> str:
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None) -> str:
        address = urlsplit(settings.SITE_URL)
        return address.netloc + address.path


class QuestionSitemap(OnSite, Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self) -> QuerySet[Question]:
        return Question.objects.published().select_related("published_answer").order_by("pk")

    def lastmod(self, item: Question) -> datetime.datetime:
        return max(item.published_at, item.published_answer.signed_at)


class ArchiveSitemap(OnSite, Sitemap):
    changefreq = "monthly"

    def items(self) -> list[MonthCount]:
        return archive_months()

    def location(self, item: MonthCount) -> str:
        return reverse(
            "questions:archive_month",
            kwargs={"year": f"{item.month.year:04d}", "month": f"{item.month.month:02d}"},
        )


class CategorySitemap(OnSite, Sitemap):
    changefreq = "weekly"

    def items(self) -> list:
        return category_counts()

    def location(self, item) -> str:
        return reverse("questions:category", kwargs={"slug": item.slug})


class ExpertSitemap(OnSite, Sitemap):
    changefreq = "monthly"

    def items(self) -> list[ExpertProfile]:
        return experts_with_answers()


class StaticSitemap(OnSite, Sitemap):
    changefreq = "daily"

    def items(self) -> list[str]:
        return ["questions:home", "questions:list", "questions:archive", "drugs:list"]

    def location(self, item: str) -> str:
        return reverse(item)


class DrugOnSiteSitemap(OnSite, DrugSitemap):
    pass


sitemaps = {
    "pages": StaticSitemap,
    "drugs": DrugOnSiteSitemap,
    "questions": QuestionSitemap,
    "archive": ArchiveSitemap,
    "categories": CategorySitemap,
    "experts": ExpertSitemap,
}
