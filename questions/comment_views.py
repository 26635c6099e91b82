"""Readers reply to a Q&A. The form lives on its own page so the Q&A page
carries no form, captcha or CSRF token and can be cached for everyone."""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables

from core import limits
from core.http import client_address
from core.i18n import not_translated

from . import selectors, services
from .forms import CommentForm
from .models import Question


def _published(slug: str) -> Question:
    return get_object_or_404(
        Question.objects.published().select_related("published_answer"), slug=slug
    )


@never_cache
@sensitive_post_parameters("name", "email", "comment")
@sensitive_variables()
def reply(request: HttpRequest, slug: str) -> HttpResponse:
    question = _published(slug)
    answer = selectors.in_page_language(question)
    if answer is None:
        english = question.published_answer
        assert english is not None  # published: it has its signed version
        return not_translated(request, "answer", english.question_title)
    context: dict = {"question": question, "answer": answer}
    if not question.accepts_comments:
        return render(request, "questions/reply.html", {**context, "closed": True})
    if request.method != "POST":
        return render(request, "questions/reply.html", {**context, "form": CommentForm()})

    form = CommentForm(request.POST)
    if "new_captcha" in request.POST:
        kept = {k: v for k, v in request.POST.items() if k != "captcha_1"}
        return render(
            request, "questions/reply.html", {**context, "form": CommentForm(initial=kept)}
        )

    posted_token = form.posted_form_token()
    if posted_token and selectors.comment_key_exists(posted_token):
        return redirect("questions:reply_sent", slug=slug)  # a double post

    with transaction.atomic():
        # The sum is used up in the transaction that stores the comment, so a
        # parallel post of this same form that finds the sum used has waited for
        # that commit and finds the comment (as on the ask form).
        valid = form.is_valid()
        if (
            form.has_error("captcha", "expired")
            and posted_token
            and selectors.comment_key_exists(posted_token)
        ):
            return redirect("questions:reply_sent", slug=slug)
        limited = limits.refusal(
            request,
            sent=valid,
            wrong_sum=form.has_error("captcha", "invalid"),
            group="comment",
            rate=settings.COMMENT_RATE_LIMIT,
            noun="comment",
        )
        if valid and not limited:
            data = form.cleaned_data
            try:
                services.comment_submit(
                    question=question,
                    name=data["name"],
                    email=data["email"],
                    body=data["comment"],
                    client_address=client_address("comment", request),
                    form_token=data["form_token"],
                    notify_reply=data["notify_reply"],
                )
            except IntegrityError:
                pass  # the same form, stored a moment ago by a parallel post
            except services.CommentsClosed:
                return render(request, "questions/reply.html", {**context, "closed": True})
            return redirect("questions:reply_sent", slug=slug)
    if limited:
        return render(
            request,
            "questions/reply.html",
            {**context, "form": form, "limited": limited},
            status=429,
        )
    return render(request, "questions/reply.html", {**context, "form": form})


@never_cache
def reply_sent(request: HttpRequest, slug: str) -> HttpResponse:
    question = _published(slug)
    answer = selectors.in_page_language(question) or question.published_answer
    return render(request, "questions/reply_sent.html", {"question": question, "answer": answer})
