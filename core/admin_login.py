"""The admin's sign-in, guarded against password guessing without letting a
guesser lock a clinician out.

Failed sign-ins are counted three ways, over ADMIN_LOGIN_RATE_LIMIT's period:

- per client address *and* user name: past the limit, that address may not try
  that user name again until the period ends (the lock);
- per user name, from anywhere: past the limit the user name is "under attack",
  and from then on an address that has already failed for it gets one try a
  minute (the slowdown). An address that has not failed for it, such as the
  clinician's own, tries at once: guesses from elsewhere never lock her out.

Only failures count: a clinician signing in on a phone and a desktop behind the
clinic's one address is never held up by success.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeGuard

from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from .error_views import render_error
from .http import client_address
from .limits import usage, wait_in_words

SLOWDOWN_RATE = "1/m"


def _username(group: str, request: HttpRequest) -> str:
    return request.POST.get("username", "").strip().lower()


def _address_and_username(group: str, request: HttpRequest) -> str:
    return f"{client_address(group, request)} {_username(group, request)}"


def _count(
    request: HttpRequest,
    group: str,
    key: Callable[[str, HttpRequest], str],
    rate: str,
    *,
    increment: bool = False,
) -> dict | None:
    return usage(request, group=group, key=key, rate=rate, increment=increment)


def _reached(count: dict | None) -> TypeGuard[dict]:
    # Read, not counted: the next failure would pass the limit.
    return bool(count and count["count"] >= count["limit"])


def _refusal(request: HttpRequest) -> HttpResponse | None:
    rate = settings.ADMIN_LOGIN_RATE_LIMIT
    locked = _count(request, "admin-login-address-user", _address_and_username, rate)
    if _reached(locked):
        return render_error(
            429,
            _(
                "Too many failed sign-ins came from your connection for this user name. "
                "Nothing is locked for anyone else: %(wait)s"
            )
            % {"wait": wait_in_words(locked)},
        )
    if _reached(_count(request, "admin-login-user", _username, rate)):
        slowed = _count(request, "admin-login-slowdown", _address_and_username, SLOWDOWN_RATE)
        if _reached(slowed):
            return render_error(
                429,
                _(
                    "Many wrong passwords were tried for this user name, so each connection "
                    "that got it wrong may try once a minute. %(wait)s"
                )
                % {"wait": wait_in_words(slowed)},
            )
    return None


def _count_failure(request: HttpRequest) -> None:
    rate = settings.ADMIN_LOGIN_RATE_LIMIT
    _count(request, "admin-login-address-user", _address_and_username, rate, increment=True)
    _count(request, "admin-login-user", _username, rate, increment=True)
    _count(request, "admin-login-slowdown", _address_and_username, SLOWDOWN_RATE, increment=True)


@sensitive_post_parameters("password")
def admin_login(request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
    if request.method == "POST" and (refused := _refusal(request)):
        return refused
    response = admin.site.login(request, extra_context)
    # A sign-in that worked redirects; any other answer to a POST was a failure,
    # also when the one trying is already signed in as someone else.
    if request.method == "POST" and response.status_code != 302:
        _count_failure(request)
    return response
