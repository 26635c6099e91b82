"""The site's own error pages: friendly, accessible, with the disclaimer, and
leaking nothing (no stack, no settings, no request data). They render without
the database so that they still work when it is down."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views.debug import SafeExceptionReporterFilter

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
        "Something was wrong with that request",
        "We could not understand what your browser sent. Please go back and try again.",
    ),
    403: (
        "You cannot open this page",
        "This page is not available to you. If you followed a link from a form, reload the form and try again.",
    ),
    404: (
        "We cannot find that page",
        "The page may have moved, or the address may be mistyped. Our answers are all still here.",
    ),
    429: (
        "Please wait a while",
        "Several requests came from your connection in a short time. Please try again in a little while.",
    ),
    500: (
        "Sorry, something went wrong on our side",
        "We have been told about it. Please try again in a few minutes.",
    ),
}


def render_error(status: int, message: str = "") -> HttpResponse:
    title, default_message = PAGES[status]
    message = message or default_message
    html = render_to_string(
        "errors/error.html",
        {
            "status": status,
            "title": title,
            "message": message,
            "SITE_NAME": settings.SITE_NAME,
            "SITE_TAGLINE": settings.SITE_TAGLINE,
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
