from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.views.decorators.debug import sensitive_post_parameters

from .error_views import render_error
from .http import client_address
from .limits import usage


def _username(group: str, request: HttpRequest) -> str:
    return request.POST.get("username", "").strip().lower()


@sensitive_post_parameters("password")
def admin_login(request: HttpRequest, extra_context=None) -> HttpResponse:
    """The admin's sign-in, limited per client address and per user name."""
    rate = settings.ADMIN_LOGIN_RATE_LIMIT
    for group, key in (("admin-login-ip", client_address), ("admin-login-user", _username)):
        count = usage(request, group=group, key=key, rate=rate, increment=True)
        if count and count["should_limit"]:
            return render_error(429)
    return admin.site.login(request, extra_context)
