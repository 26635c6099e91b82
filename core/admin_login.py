from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.views.decorators.debug import sensitive_post_parameters

from .error_views import render_error
from .http import client_address
from .limits import usage, wait_in_words


def _username(group: str, request: HttpRequest) -> str:
    return request.POST.get("username", "").strip().lower()


@sensitive_post_parameters("password")
def admin_login(request: HttpRequest, extra_context=None) -> HttpResponse:
    """The admin's sign-in, limited per client address and per user name.

    Only failed attempts count: a clinician signing in on a phone and a desktop
    behind the clinic's one address must never be locked out by success."""
    rate = settings.ADMIN_LOGIN_RATE_LIMIT
    limits = (("admin-login-ip", client_address), ("admin-login-user", _username))
    for group, key in limits:
        count = usage(request, group=group, key=key, rate=rate, increment=False)
        if count and count["count"] >= count["limit"]:  # read, not counted: the next would pass it
            return render_error(
                429,
                "Too many failed sign-ins came from your connection or for this user name. "
                f"Nothing is locked: {wait_in_words(count)}",
            )
    response = admin.site.login(request, extra_context)
    # A sign-in that worked redirects; any other answer to a POST was a failure,
    # also when the one trying is already signed in as someone else.
    if request.method == "POST" and response.status_code != 302:
        for group, key in limits:
            usage(request, group=group, key=key, rate=rate, increment=True)
    return response
