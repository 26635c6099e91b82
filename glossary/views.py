from __future__ import annotations

from itertools import groupby
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.utils.translation import gettext_lazy

from core.i18n import in_default_language, not_translated, same_page_in
from questions.services.reference_translations import follows_current_english

from .selectors import index_terms, term_page, translated_terms, translation_of


def term_list(request: HttpRequest) -> HttpResponse:
    """Every published term, A to Z, with a letter index at the top; in another
    language, those signed in it, and how many are in English only."""
    terms = index_terms()
    english_only = 0
    if not in_default_language():
        translated = translated_terms(terms, translation.get_language())
        english_only = len(terms) - len(translated)
        if not translated:
            return not_translated(request, "glossary", gettext_lazy("MS words explained"))
        terms = translated
    # By letter as a reader sorts, whatever the case ("aHSCT", "B cells", "lesion")
    # or the accents ("ácido" among the a's).
    terms = sorted(terms, key=lambda t: (t.letter, t.name.casefold()))
    letters = [(letter, list(group)) for letter, group in groupby(terms, key=lambda t: t.letter)]
    return render(
        request,
        "glossary/term_list.html",
        {
            "letters": letters,
            "english_only": english_only,
            "english_url": same_page_in(request, settings.LANGUAGE_CODE),
        },
    )


def term_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One term. Not published means 404 for the public; staff who edit the
    glossary see a preview with a notice that it is not public."""
    term = get_object_or_404(term_page(request.user), slug=slug)
    context: dict[str, Any] = {"term": term}
    if not in_default_language():
        signed = translation_of(term, translation.get_language())
        if signed is None:
            return not_translated(request, "term", term.name)
        context = {
            "term": signed.shown(term),
            "signed_translation": signed,
            "translation_outdated": not follows_current_english(signed, term),
            "english_url": same_page_in(request, settings.LANGUAGE_CODE),
        }
    return render(request, "glossary/term_detail.html", context)
