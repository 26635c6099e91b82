from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Prefetch, QuerySet
from django.urls import reverse

from core.sitemaps import OnSite

from .models import AnswerTranslation, ExpertProfile, Question
from .selectors import (
    CategoryCount,
    MonthCount,
    archive_months,
    category_counts,
    experts_with_answers,
)


class QuestionSitemap(OnSite, Sitemap):
    """Each Q&A in English, and in each language it has a current signed
    translation in, with hreflang alternates between them (x-default: English)."""

    changefreq = "monthly"
    limit = 5000
    i18n = True
    alternates = True
    x_default = True

    def items(self) -> QuerySet[Question]:
        translated = AnswerTranslation.objects.filter(is_current=True).only("question", "language")
        return (
            Question.objects.published()
            .select_related("published_answer")
            .prefetch_related(Prefetch("translations", translated, to_attr="current_translations"))
            .order_by("pk")
        )

    def get_languages_for_item(self, item: Question) -> list[str]:
        translated: list[AnswerTranslation] = getattr(item, "current_translations", [])
        return [settings.LANGUAGE_CODE] + [t.language for t in translated]

    def lastmod(self, item: Question) -> datetime.datetime:
        # A published Q&A has both (constraint published_has_date_answer_and_slug).
        assert item.published_at is not None and item.published_answer is not None
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

    def items(self) -> list[CategoryCount]:
        return category_counts()

    def location(self, item: CategoryCount) -> str:
        return reverse("questions:category", kwargs={"slug": item.slug})


class ExpertSitemap(OnSite, Sitemap):
    changefreq = "monthly"

    def items(self) -> list[ExpertProfile]:
        return experts_with_answers()


class StaticSitemap(OnSite, Sitemap):
    """The lists, in every language: each lists what is signed in its language."""

    changefreq = "daily"
    i18n = True
    alternates = True
    x_default = True

    def items(self) -> list[str]:
        return ["questions:home", "questions:list", "questions:archive"]

    def location(self, item: str) -> str:
        return reverse(item)
