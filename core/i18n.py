"""The language of a request is the language of its path: /es/… is Spanish,
everything else English.

Hand-written because Django's LocaleMiddleware, with the default language
unprefixed, still adds `Vary: Accept-Language` to every English page and reads
a cookie and the browser's languages first; a page here must be one page for
everyone, so it can be cached and shared.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils import translation

if TYPE_CHECKING:  # a development dependency: only its type is named
    from django_stubs_ext import StrOrPromise


def language_of(path: str) -> str:
    """The language a path is in: its prefix, or the default language."""
    return translation.get_language_from_path(path) or settings.LANGUAGE_CODE


class PathLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = language_of(request.path_info)
        request.LANGUAGE_CODE = language
        # Only for this request: the thread's language is put back afterwards, so
        # nothing after it (a command, the next test) runs in a page's language.
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


def same_page_in(request: HttpRequest, code: str) -> str:
    """The path of the page `request` is for in the language `code`, as
    Django's translate_url gives it for a site at the root of its host, from
    the view the path was resolved to: translate_url resolves the path once
    more (each page asked it twice, a tenth of a page's work on its URLs). A
    path that is not a page of both languages stays as it is."""
    match = request.resolver_match
    if match is None:  # no view was found: as translate_url, which will not find one either
        return translate_url(request.path, code)
    if match.url_name is None:
        return request.path
    with translation.override(code):
        try:
            return reverse(match.view_name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return request.path


def in_default_language() -> bool:
    return translation.get_language() == settings.LANGUAGE_CODE


def not_translated(request: HttpRequest, kind: str, english_title: StrOrPromise) -> HttpResponse:
    """A page in another language whose content has no signed translation in it
    yet: it says so and links the English page, never shows the English in its
    place. `kind`: answer, updating (taken down after a clinical change of the English),
    drug, drugs, term or glossary."""
    english_url = same_page_in(request, settings.LANGUAGE_CODE)
    with translation.override(settings.LANGUAGE_CODE):
        title = str(english_title)  # a lazy interface string reads as in English
    context = {"kind": kind, "english_url": english_url, "english_title": title}
    return render(request, "not_translated.html", context)
