from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.generic import ListView

from core.visibility import visible_to
from drugs.models import Drug
from drugs.selectors import drugs_mentioned_in

from .models import Question
from .selectors import archive_months, sidebar


def home(request: HttpRequest) -> HttpResponse:
    latest = Question.objects.for_listing()[:5]
    return render(request, "questions/home.html", {"latest": latest})


class QuestionListView(ListView):
    template_name = "questions/question_list.html"
    context_object_name = "questions"
    paginate_by = settings.QUESTIONS_PER_PAGE

    def get_queryset(self) -> QuerySet[Question]:
        return Question.objects.for_listing()


class CategoryView(QuestionListView):
    template_name = "questions/category.html"

    def get_queryset(self) -> QuerySet[Question]:
        # The sidebar already knows every category with published Q&As (cached).
        self.category = sidebar().category(self.kwargs["slug"])
        if self.category is None:
            raise Http404("No such category.")
        # By id, not through the join: that lets PostgreSQL read question_category_recent.
        return super().get_queryset().filter(category_id=self.category.pk)

    def get_context_data(self, **kwargs) -> dict:
        return super().get_context_data(category=self.category, **kwargs)


class ArchiveMonthView(QuestionListView):
    """Q&As published in one calendar month of the site's time zone."""

    template_name = "questions/archive_month.html"

    def get_queryset(self) -> QuerySet[Question]:
        year, month = int(self.kwargs["year"]), int(self.kwargs["month"])
        try:
            self.month = datetime.date(year, month, 1)
            # December 9999 has no following month; nothing is published then either.
            following = datetime.date(year + month // 12, month % 12 + 1, 1)
        except ValueError:
            raise Http404("No such month.") from None
        zone = timezone.get_current_timezone()
        start = datetime.datetime.combine(self.month, datetime.time.min, tzinfo=zone)
        end = datetime.datetime.combine(following, datetime.time.min, tzinfo=zone)
        try:
            # The database compares in UTC; January of year 1 east of Greenwich is before it.
            start.astimezone(datetime.UTC), end.astimezone(datetime.UTC)
        except OverflowError:
            raise Http404("No such month.") from None
        return super().get_queryset().filter(published_at__gte=start, published_at__lt=end)

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(month=self.month, **kwargs)
        # The paginator's COUNT has already run; an empty month is not a page.
        if context["paginator"].count == 0:
            raise Http404("Nothing was published in that month.")
        return context


def archive_index(request: HttpRequest) -> HttpResponse:
    return render(request, "questions/archive_index.html", {"archive_months": archive_months()})


def question_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One Q&A as signed. Not published means 404 for the public; staff who
    edit questions see it (a withdrawn one, say) with a notice that it is not public."""
    visible = visible_to(request.user, Question)
    question = get_object_or_404(
        visible.select_related("published_answer", "category").exclude(published_answer=None),
        slug=slug,
    )
    comments = list(question.comments.approved())
    return render(
        request,
        "questions/question_detail.html",
        {
            "question": question,
            "answer": question.published_answer,
            "comments": comments,
            "mentioned_drugs": drugs_mentioned_in(question),
        },
    )


def robots_txt(request: HttpRequest) -> HttpResponse:
    return render(request, "robots.txt", content_type="text/plain")


SEARCH_MAX_LENGTH = 100


class SearchView(QuestionListView):
    """Published Q&As (their signed text) and drug entries that contain every word typed."""

    template_name = "questions/search.html"

    def get_queryset(self) -> QuerySet[Question]:
        typed = self.request.GET.get("q", "")
        # Control characters (a NUL byte, say) mean nothing here and PostgreSQL refuses them.
        typed = "".join(ch if ch.isprintable() else " " for ch in typed)
        self.query = " ".join(typed.split())[:SEARCH_MAX_LENGTH]
        self.words = self.query.split()[:8]
        if not self.words:
            return Question.objects.none()
        questions = super().get_queryset()
        for word in self.words:
            questions = questions.filter(
                Q(published_answer__question_title__icontains=word)
                | Q(published_answer__question_text__icontains=word)
                | Q(published_answer__body_html__icontains=word)
            )
        return questions

    def get_context_data(self, **kwargs) -> dict:
        drugs = Drug.objects.published()
        for word in self.words:
            drugs = drugs.filter(
                Q(generic_name__icontains=word)
                | Q(brand_names__icontains=word)
                | Q(other_names__icontains=word)
                | Q(display_name__icontains=word)
            )
        return super().get_context_data(
            query=self.query, drugs=list(drugs[:10]) if self.words else [], **kwargs
        )
