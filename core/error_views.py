"""The site's own error pages: friendly, accessible, with the disclaimer, and
leaking nothing (no stack, no settings, no request data). They render without
the database so that they still work when it is down."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.debug import SafeExceptionReporterFilter

if TYPE_CHECKING:  # a development dependency: only its type is named
    from django_stubs_ext import StrOrPromise

_ADDRESS_HEADERS = ("REMOTE_ADDR", "HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP", "HTTP_FORWARDED")


class PrivateExceptionReporterFilter(SafeExceptionReporterFilter):
    """Error reports leave out the client's internet address as well (posted
    personal fields are masked by sensitive_post_parameters on their views)."""

    def get_safe_request_meta(self, request: HttpRequest) -> dict:
        meta = super().get_safe_request_meta(request)
        for key in (*_ADDRESS_HEADERS, settings.RATELIMIT_IP_META_KEY):
            if key in meta:
                meta[key] = self.cleansed_substitute
        return meta


PAGES = {
    400: (
        _("Something was wrong with that request"),
        _("We could not understand what your browser sent. Please go back and try again."),
    ),
    403: (
        _("You cannot open this page"),
        _(
            "This page is not available to you. If you followed a link from a form, "
            "reload the form and try again."
        ),
    ),
    404: (
        _("We cannot find that page"),
        _(
            "The page may have moved, or the address may be mistyped. "
            "Our answers are all still here."
        ),
    ),
    429: (
        _("Please wait a while"),
        _(
            "Several requests came from your connection in a short time. "
            "Please try again in a little while."
        ),
    ),
    500: (
        _("Sorry, something went wrong on our side"),
        _("We have been told about it. Please try again in a few minutes."),
    ),
}


def render_error(status: int, message: StrOrPromise = "") -> HttpResponse:
    title, default_message = PAGES[status]
    message = message or default_message
    html = render_to_string(
        "errors/error.html",
        {
            "status": status,
            "title": title,
            "message": message,
            "SITE_NAME": settings.SITE_NAME,
            "SITE_TAGLINE": gettext(settings.SITE_TAGLINE),
            # No request, so no context processors: the language is the one
            # the request's path set (core.i18n), or the default one.
            "LANGUAGE_CODE": translation.get_language() or settings.LANGUAGE_CODE,
        },
    )
    return HttpResponse(html, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render_error(400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render_error(403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render_error(404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render_error(500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render_error(403)
