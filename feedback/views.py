"""'Was this helpful?' under each answer.

The Q&A page is cached for everyone, so its form can carry no CSRF token.
This endpoint is exempt from the CSRF check instead: it acts for no account
and reads no cookie, so a forged post could do nothing a direct one cannot,
and it sets none (no session, no CSRF cookie). A vote cast from another
site's page is still refused (the browser's Origin and Sec-Fetch-Site say where
it came from), and every vote counts against a per-address rate limit."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from core import limits
from core.i18n import not_translated
from questions.models import Question
from questions.selectors import in_page_language

from . import services
from .forms import HelpfulForm


def _published(slug: str) -> Question:
    return get_object_or_404(
        Question.objects.published().select_related("published_answer"), slug=slug
    )


def _from_another_site(request: HttpRequest) -> bool:
    # Django's own origin check runs only with a CSRF token; this is the part of it we need.
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        return True
    origin = request.headers.get("Origin")
    if origin is None:
        return False  # an older browser, or a form sent by hand: the rate limit holds
    if origin in settings.CSRF_TRUSTED_ORIGINS:
        return False
    return urlsplit(origin).netloc != request.get_host()


def _untranslated(request: HttpRequest, question: Question) -> HttpResponse:
    english = question.published_answer
    assert english is not None  # published: it has its signed version
    return not_translated(request, "answer", english.question_title)


def _page(
    request: HttpRequest, question: Question, form: HelpfulForm, **extra: Any
) -> HttpResponse:
    answer = in_page_language(question)
    if answer is None:
        return _untranslated(request, question)
    context = {"question": question, "answer": answer, "form": form, **extra}
    status = 429 if extra.get("limited") else 200
    return render(request, "feedback/helpful.html", context, status=status)


@csrf_exempt  # see the module's docstring
@never_cache
@sensitive_post_parameters("note")
@require_http_methods(["GET", "POST"])
def helpful(request: HttpRequest, slug: str) -> HttpResponse:
    question = _published(slug)
    if request.method != "POST":
        return _page(request, question, HelpfulForm())
    if _from_another_site(request):
        raise PermissionDenied("A vote from another site's page.")
    form = HelpfulForm(request.POST)
    valid = form.is_valid()
    limited = limits.refusal(
        request,
        sent=valid,
        wrong_sum=False,
        group="helpful",
        rate=settings.HELPFUL_RATE_LIMIT,
        noun="rating",
    )
    if limited:
        return _page(request, question, form, limited=limited)
    if not valid:
        return _page(request, question, form)
    try:
        services.feedback_submit(
            question_id=question.pk,
            helpful=form.cleaned_data["helpful"] == "yes",
            note=form.cleaned_data["note"],
        )
    except services.NotPublished:
        return redirect(question.get_absolute_url())  # its 404 says it is gone
    return redirect("feedback:thanks", slug=slug)


@never_cache
def thanks(request: HttpRequest, slug: str) -> HttpResponse:
    question = _published(slug)
    answer = in_page_language(question)
    if answer is None:
        return _untranslated(request, question)
    return render(request, "feedback/thanks.html", {"question": question, "answer": answer})
