"""Subscribe, confirm, manage and end a subscription; the page about feeds.

The home and category pages are cached for everyone, so they carry only a
plain link here ("/subscribe/?category=<slug>"): a form with a CSRF token and
a sum belongs to one visitor and must never be served from a shared cache.
Every page reached from an email is private (its link holds the token), so
none is cached and none shows the address.
"""

from __future__ import annotations

import contextlib
from typing import Any

from django.conf import settings
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods

from core import limits
from questions.selectors import sidebar

from . import selectors, services
from .forms import ManageForm, SubscribeForm
from .models import Subscription
from .selectors import CONFIRM_VALID


def feeds(request: HttpRequest) -> HttpResponse:
    return render(request, "subscriptions/feeds.html", {"categories": sidebar().categories})


def _subscribe_page(request: HttpRequest, form: SubscribeForm, **extra: Any) -> HttpResponse:
    status = extra.pop("status", 200)
    return render(request, "subscriptions/subscribe.html", {"form": form, **extra}, status=status)


@never_cache
@sensitive_post_parameters("email")
@sensitive_variables()
def subscribe(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        # Prefilled from a category page's link; an unknown slug is simply not ticked.
        slug = request.GET.get("category", "")
        chosen = selectors.category_ids(slug) if slug else []
        return _subscribe_page(request, SubscribeForm(initial={"categories": chosen}))

    if "new_captcha" in request.POST:
        kept: dict[str, str | list[str]] = {
            k: v for k, v in request.POST.dict().items() if k != "captcha_1"
        }
        kept["categories"] = request.POST.getlist("categories")
        return _subscribe_page(request, SubscribeForm(initial=kept))

    form = SubscribeForm(request.POST)
    valid = form.is_valid()
    limited = limits.refusal(
        request,
        sent=valid,
        wrong_sum=form.has_error("captcha", "invalid"),
        group="subscribe",
        rate=settings.SUBSCRIBE_RATE_LIMIT,
        noun="subscription request",
    )
    if limited:
        return _subscribe_page(request, form, limited=limited, status=429)
    if not valid:
        return _subscribe_page(request, form)
    data = form.cleaned_data
    # IntegrityError: the same address, asked for by a parallel post a moment ago.
    with contextlib.suppress(IntegrityError):
        services.subscription_request(
            email=data["email"], categories=data["categories"], frequency=data["frequency"]
        )
    return redirect("subscriptions:sent")


def _how_long() -> dict[str, int]:
    """How long a confirmation link works and an unconfirmed address is kept,
    as the pages say them: from the rules themselves, never typed twice."""
    return {
        "hours": int(CONFIRM_VALID.total_seconds() // 3600),
        "days": services.UNCONFIRMED_KEPT.days,
    }


@never_cache
def sent(request: HttpRequest) -> HttpResponse:
    return render(request, "subscriptions/sent.html", _how_long())


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """A button, never a confirmation by GET: mail scanners open links in
    emails, and a scanner must not be able to say yes for a person."""
    if request.method == "POST":
        subscription = services.subscription_confirm(confirm_token=token)
        if subscription is not None:
            manage = reverse("subscriptions:manage", kwargs={"token": subscription.token})
            return redirect(manage + "?confirmed=1")
        return render(
            request, "subscriptions/confirm.html", {"gone": True, **_how_long()}, status=404
        )
    if not selectors.waiting_confirmation(token).exists():
        return render(
            request, "subscriptions/confirm.html", {"gone": True, **_how_long()}, status=404
        )
    return render(request, "subscriptions/confirm.html", {"token": token, **_how_long()})


def _by_token(token: str) -> Subscription | None:
    return Subscription.objects.by_token(token).prefetch_related("categories").first()


def _gone(request: HttpRequest) -> HttpResponse:
    return render(request, "subscriptions/gone.html", status=404)


@never_cache
@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, token: str) -> HttpResponse:
    subscription = _by_token(token)
    if subscription is None:
        return _gone(request)
    if request.method == "POST":
        form = ManageForm(request.POST)
        if form.is_valid():
            services.subscription_update(
                subscription=subscription,
                categories=form.cleaned_data["categories"],
                frequency=form.cleaned_data["frequency"],
            )
            return redirect(request.path + "?saved=1")
    else:
        form = ManageForm(
            initial={
                "categories": [c.pk for c in subscription.categories.all()],
                "frequency": subscription.frequency,
            }
        )
    return render(
        request,
        "subscriptions/manage.html",
        {
            "subscription": subscription,
            "form": form,
            "token": token,
            "saved": request.GET.get("saved") == "1",
            "confirmed": request.GET.get("confirmed") == "1",
        },
    )


# No CSRF token here, on purpose: RFC 8058's one-click unsubscribe is a POST
# from the mail provider, which has no token to send; the unguessable token in
# the address is the authority, and the worst a forged POST can do is what
# the link's owner may do anyway.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows the button and changes nothing (mail scanners follow links);
    POST ends the subscription at once, and again changes nothing."""
    if request.method == "POST":
        services.subscription_end(token=token, never_again=request.POST.get("never") == "on")
        return render(request, "subscriptions/ended.html")
    if _by_token(token) is None:
        return _gone(request)
    return render(request, "subscriptions/unsubscribe.html", {"token": token})
