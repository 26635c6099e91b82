from __future__ import annotations

from itertools import groupby

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy

from core.i18n import in_default_language, not_translated

from .selectors import index_terms, term_page


def term_list(request: HttpRequest) -> HttpResponse:
    """Every published term, A to Z, with a letter index at the top."""
    if not in_default_language():
        return not_translated(request, "glossary", gettext_lazy("MS words explained"))
    # By letter as a reader sorts, whatever the case ("aHSCT", "B cells", "lesion").
    terms = sorted(index_terms(), key=lambda t: t.name.casefold())
    letters = [(letter, list(group)) for letter, group in groupby(terms, key=lambda t: t.letter)]
    return render(request, "glossary/term_list.html", {"letters": letters})


def term_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One term. Not published means 404 for the public; staff who edit the
    glossary see a preview with a notice that it is not public."""
    term = get_object_or_404(term_page(request.user), slug=slug)
    if not in_default_language():
        return not_translated(request, "term", term.name)
    return render(request, "glossary/term_detail.html", {"term": term})
