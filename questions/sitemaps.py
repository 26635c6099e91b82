from __future__ import annotations

import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from drugs.sitemaps import DrugSitemap

from .models import ExpertProfile, Question
from .selectors import MonthCount, archive_months, category_counts, experts_with_answers


class QuestionSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self) -> QuerySet[Question]:
        return Question.objects.published().select_related("published_answer").order_by("pk")

    def lastmod(self, item: Question) -> datetime.datetime:
        return max(item.published_at, item.published_answer.signed_at)


class ArchiveSitemap(Sitemap):
    changefreq = "monthly"

    def items(self) -> list[MonthCount]:
        return archive_months()

    def location(self, item: MonthCount) -> str:
        return reverse(
            "questions:archive_month",
            kwargs={"year": f"{item.month.year:04d}", "month": f"{item.month.month:02d}"},
        )


class CategorySitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> list:
        return category_counts()

    def location(self, item) -> str:
        return reverse("questions:category", kwargs={"slug": item.slug})


class ExpertSitemap(Sitemap):
    changefreq = "monthly"

    def items(self) -> list[ExpertProfile]:
        return experts_with_answers()


class StaticSitemap(Sitemap):
    changefreq = "daily"

    def items(self) -> list[str]:
        return ["questions:home", "questions:list", "questions:archive", "drugs:list"]

    def location(self, item: str) -> str:
        return reverse(item)


sitemaps = {
    "pages": StaticSitemap,
    "drugs": DrugSitemap,
    "questions": QuestionSitemap,
    "archive": ArchiveSitemap,
    "categories": CategorySitemap,
    "experts": ExpertSitemap,
}
