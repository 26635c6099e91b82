"""The search results page and the similar-questions fragment of /ask/."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import pgettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_POST

from core import limits
from core.i18n import in_default_language, same_page_in
from questions.models.translations import other_languages
from questions.selectors import category_counts
from questions.views import english_only_answers

from . import misses, selectors
from .backends import engine

logger = logging.getLogger(__name__)


def either_of(words: list[str]) -> SafeString:
    """The words no answer mentions, for one sentence: “<em>a</em>, <em>b</em> or <em>c</em>”."""
    listed = format_html_join(", ", "<em>{}</em>", ((word,) for word in words[:-1]))
    if not listed:
        return format_html("<em>{}</em>", words[-1]) if words else SafeString()
    or_ = pgettext("between the last two of the words no answer mentions", "or")
    return format_html("{} {} <em>{}</em>", listed, or_, words[-1])


def _other_searches(request: HttpRequest, found: selectors.Found) -> list[tuple[str, str]]:
    """On the English page, when the words found nothing: the same search in
    each other language that finds answers there, for a reader who typed
    Spanish words ("cansancio"), offered in Spanish. Not when some words found
    answers: each search with a word no answer has would pay a second one."""
    if not in_default_language() or not found.query or found.total:
        return []
    offered = []
    for code, _name in other_languages():
        with translation.override(code):
            if selectors.find(found.query).total:
                url = same_page_in(request, code) + "?" + urlencode({"q": found.query})
                offered.append((code, url))
    return offered


def search(request: HttpRequest) -> HttpResponse:
    """Answers (paginated) and drug sections (on the first page), best first."""
    first_page = request.GET.get("page") in (None, "", "1")
    found = selectors.find(
        request.GET.get("q", ""), shown=settings.QUESTIONS_PER_PAGE if first_page else 0
    )
    paginator = Paginator(found.answers, settings.QUESTIONS_PER_PAGE)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except (EmptyPage, PageNotAnInteger):
        raise Http404("No such page of results.") from None
    response = render(
        request,
        "search/results.html",
        {
            "found": found,
            "query": found.query,
            "left_out_words": either_of(found.left_out),
            "page_obj": page,
            "paginator": paginator,
            "answers": list(page.object_list),
            # Drug sections on the first page only: above the answers when the
            # query names a therapy (the best few), below them otherwise.
            "leading_therapies": found.leading_therapies if page.number == 1 else [],
            "other_therapies": found.other_therapies if page.number == 1 else [],
            # An empty page offers the ways on: the categories (cached counts).
            "categories": category_counts() if found.query and not found.total else [],
            # Counting stops at the ranking's limit: "200 or more answers".
            "capped": (
                f"{engine.RANKED_AT_MOST:,}" if paginator.count >= engine.RANKED_AT_MOST else ""
            ),
            # Each result's link pings this when it is opened (misses.search_open_record).
            # In another language: how many answers are in English only, and the
            # same words searched there (cached counts).
            "english_only": english_only_answers(),
            "english_search": (
                ""
                if in_default_language()
                else same_page_in(request, settings.LANGUAGE_CODE)
                + ("?" + urlencode({"q": found.query}) if found.query else "")
            ),
            "other_searches": _other_searches(request, found),
            "ping": (
                f"{reverse('search:opened')}?{urlencode({'q': found.query})}"
                if misses.normalised(found.query)
                else ""
            ),
        },
    )
    if page.number == 1 and found.query:
        # Counted by misses.counted, outside the cache.
        response[misses.SHOWN_HEADER if found.total else misses.MISS_HEADER] = "1"
    return response


@csrf_exempt  # a browser's link ping carries no token; it adds at most one to a bounded count
@require_POST
def result_opened(request: HttpRequest) -> HttpResponse:
    """A result of the search `q` was opened: its link's ping (see search.misses)."""
    misses.pending.add_open(request.GET.get("q", ""))
    return HttpResponse(status=204)


@never_cache
@require_POST
@sensitive_post_parameters("subject", "question")
@sensitive_variables()
def similar_while_asking(request: HttpRequest) -> HttpResponse:
    """Published Q&As like what the patient is typing, as a fragment for
    static/js/ask-similar.js. The text is neither stored nor logged: the
    cache key is a hash of it, and a refusal logs nothing of it."""
    if limits.too_many_similar_looks(request):
        return HttpResponse(status=429)
    # In the page's language: on /es/ask/ the Q&As signed in Spanish.
    hits = selectors.similar_while_asking(
        request.POST.get("subject", "")[:200], request.POST.get("question", "")[:4000]
    )
    return render(request, "search/includes/similar.html", {"similar": hits, "checked": True})
