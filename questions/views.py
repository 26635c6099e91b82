from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.views.generic import ListView

from core.i18n import in_default_language, not_translated, same_page_in

from .models import Answer, AnswerTranslation, ExpertProfile, Question
from .selectors import (
    Sidebar,
    archive_months,
    category_of_any_language,
    comments_with_replies,
    current_translation,
    in_category,
    published_in_month,
    question_page,
    sidebar,
    signed_by,
)


def english_only(shown: int, in_english: Callable[[], int]) -> int:
    """How many of a list's Q&As are not in the page's language yet (0 on a page
    in the default language): such a page says so, with a link to the English.
    `shown` is how many the list has in the page's language; `in_english`
    counts it, called with the default language active."""
    if in_default_language():
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        return in_english() - shown


def english_only_answers() -> int:
    """How many published Q&As are in English only, from the sidebar's counts
    (cached, no query): 0 on a page in the default language."""
    return english_only(sidebar().total, lambda: sidebar().total)


def month_count(counts: Sidebar, month: datetime.date) -> int:
    return next((m.count for m in counts.months if m.month == month), 0)


def category_count(counts: Sidebar, slug: str) -> int:
    category = counts.category(slug)
    return category.count if category is not None else 0


def home(request: HttpRequest) -> HttpResponse:
    latest = Question.objects.for_listing(summaries=True)[:5]
    context = {
        "latest": latest,
        "english_only": english_only_answers(),
        "english_url": same_page_in(request, settings.LANGUAGE_CODE),
    }
    return render(request, "questions/home.html", context)


class ListingPaginator(Paginator):
    """A deep page of a Q&A list in two steps: the ids of its rows first, read
    from the list's index alone, then those ten rows with what a row shows. In
    one step the database builds every row it skips (the answer, the category,
    the comment count): page 5,000 of 50,000 Q&As took up to a second. The
    first pages, which most readers see, skip little and keep one query."""

    # Rows skipped before a page is fetched in two steps.
    one_step_rows = 100
    # Django's hook that makes a Page, left out of its type stubs.
    _get_page: Callable[..., Page]

    def page(self, number: int | str) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if bottom < self.one_step_rows:
            return super().page(number)
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        questions = self.object_list
        assert isinstance(questions, QuerySet)  # the Q&A lists page querysets
        ids = list(questions.values_list("pk", flat=True)[bottom:top])
        rows = questions.filter(pk__in=ids).in_bulk()
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)


class QuestionListView(ListView):
    template_name = "questions/question_list.html"
    context_object_name = "questions"
    paginate_by = settings.QUESTIONS_PER_PAGE
    paginator_class = ListingPaginator

    def get_queryset(self) -> QuerySet[Question]:
        return self.listed()

    def listed(self) -> QuerySet[Question]:
        """The list in the active language, once get_queryset has found its subject."""
        return Question.objects.for_listing(summaries=True)

    def counted(self, counts: Sidebar) -> int | None:
        """The list's length as the sidebar counts it (the same Q&As, cached until
        content changes), sparing a COUNT over the whole list; None for a list
        the sidebar does not count."""
        return counts.total

    def count_in_language(self) -> int:
        known = self.counted(sidebar())
        return known if known is not None else self.listed().count()

    def get_paginator(self, *args: Any, **kwargs: Any) -> Paginator:
        paginator = super().get_paginator(*args, **kwargs)
        known = self.counted(sidebar())
        if known is not None:
            paginator.count = known  # a cached_property: once set, the COUNT never runs
        return paginator

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["english_only"] = english_only(context["paginator"].count, self.count_in_language)
        context["english_url"] = same_page_in(self.request, settings.LANGUAGE_CODE)
        return context


class CategoryView(QuestionListView):
    template_name = "questions/category.html"

    def get_queryset(self) -> QuerySet[Question]:
        # The sidebar already knows every category with published Q&As (cached).
        category = sidebar().category(self.kwargs["slug"])
        if category is None and not in_default_language():
            # No Q&A of it in this language yet: the page says so if it has some in English.
            category = category_of_any_language(self.kwargs["slug"])
        if category is None:
            raise Http404("No such category.")
        self.category = category
        return self.listed()

    def listed(self) -> QuerySet[Question]:
        return in_category(self.category.pk)

    def counted(self, counts: Sidebar) -> int:
        return category_count(counts, self.category.slug)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(category=self.category, **kwargs)


class ArchiveMonthView(QuestionListView):
    """Q&As published in one calendar month of the site's time zone."""

    template_name = "questions/archive_month.html"

    def get_queryset(self) -> QuerySet[Question]:
        year, month = int(self.kwargs["year"]), int(self.kwargs["month"])
        try:
            questions = published_in_month(year, month)
        except ValueError:
            raise Http404("No such month.") from None
        self.month = datetime.date(year, month, 1)
        return questions

    def listed(self) -> QuerySet[Question]:
        return published_in_month(self.month.year, self.month.month)

    def counted(self, counts: Sidebar) -> int:
        return month_count(counts, self.month)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(month=self.month, **kwargs)
        # The paginator's count came from the sidebar; an empty month is not a page.
        if context["paginator"].count == 0 and not context["english_only"]:
            raise Http404("Nothing was published in that month.")
        return context


def archive_index(request: HttpRequest) -> HttpResponse:
    return render(request, "questions/archive_index.html", {"archive_months": archive_months()})


def question_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One Q&A as signed. Not published means 404 for the public; staff who
    edit questions see it (a withdrawn one, say) with a notice that it is not public."""
    question = get_object_or_404(question_page(request.user), slug=slug)
    if in_default_language():
        answer: Answer | AnswerTranslation | None = question.published_answer
        comments = comments_with_replies(question)
    else:
        # Only a signed translation in the page's language; never the English in its place.
        answer = current_translation(question, translation.get_language())
        if answer is None:
            english = question.published_answer
            assert english is not None  # question_page() lists only signed Q&As
            # Translated once, then taken down by a clinical change of the English.
            withdrawn = question.translations.filter(language=translation.get_language()).exists()
            kind = "updating" if withdrawn else "answer"
            return not_translated(request, kind, english.question_title)
        comments = comments_with_replies(question)
    english_url = same_page_in(request, settings.LANGUAGE_CODE)
    return render(
        request,
        "questions/question_detail.html",
        {"question": question, "answer": answer, "comments": comments, "english_url": english_url},
    )


def robots_txt(request: HttpRequest) -> HttpResponse:
    # The site's own address, not the request's Host: this page is cached for everyone.
    sitemap_url = settings.SITE_URL + reverse("sitemap")
    return render(request, "robots.txt", {"sitemap_url": sitemap_url}, content_type="text/plain")


class ExpertDetailView(QuestionListView):
    """A clinician's page: signature block, bio and the published answers they
    signed. A profile with no published answer has no page."""

    template_name = "questions/expert_detail.html"

    def get_queryset(self) -> QuerySet[Question]:
        self.expert = get_object_or_404(
            ExpertProfile.objects.defer("photo"), slug=self.kwargs["slug"]
        )
        return self.listed()

    def listed(self) -> QuerySet[Question]:
        return signed_by(self.expert.pk)

    def counted(self, counts: Sidebar) -> None:
        return None  # the sidebar does not count by signer

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(expert=self.expert, **kwargs)
        # The paginator's COUNT has already run: nothing signed and published, no page.
        if context["paginator"].count == 0 and not context["english_only"]:
            raise Http404("This clinician has no published answers.")
        return context


def expert_photo(request: HttpRequest, slug: str, version: str) -> HttpResponse:
    """A clinician's photo, as re-encoded on upload. Public once they have a
    public page; staff see it in the admin before that."""
    expert = get_object_or_404(ExpertProfile.objects.exclude(photo_updated_at=None), slug=slug)
    if not request.user.is_staff and not signed_by(expert.pk).exists():
        raise Http404("This clinician has no public page.")
    return HttpResponse(bytes(expert.photo), content_type="image/jpeg")
