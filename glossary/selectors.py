"""Reads for the glossary's pages and for the pages that link to it; all go
through `published()`."""

from __future__ import annotations

import functools
import hashlib

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.utils import translation

from core.cache import held_by_generation
from core.visibility import visible_to

from .linking import LinkedTerm
from .models import Term, TermTranslation, split_names


def index_terms() -> list[Term]:
    """The index page: every published term, by name, in one query."""
    return list(
        Term.objects.published().only("slug", "name", "other_names", "explanation").order_by("name")
    )


def term_page(user: User | AnonymousUser) -> QuerySet[Term]:
    """The terms whose page `user` may open (the public: published ones); filter by slug."""
    return visible_to(user, Term.objects).select_related("reviewed_by")


def _linked_terms(language: str) -> tuple[LinkedTerm, ...]:
    terms = list(
        Term.objects.published().only("slug", "name", "other_names", "explanation").order_by("name")
    )
    if language != settings.LANGUAGE_CODE:
        terms = translated_terms(terms, language)
    with translation.override(language):
        return tuple(
            LinkedTerm(
                slug=term.slug,
                name=term.name,
                heading=term.heading,
                names=(term.name, *split_names(term.other_names)),
                in_short=term.in_short,
                url=term.get_absolute_url(),
            )
            for term in terms
        )


def linked_terms() -> tuple[LinkedTerm, ...]:
    """Every published term as the linking needs it, in the page's language
    (in another, those signed in it, in their words): one or two queries, then
    cached until public content changes (every term save says so)."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    terms: tuple[LinkedTerm, ...] = held_by_generation(
        f"glossary-terms:{language}", functools.partial(_linked_terms, language)
    )
    return terms


def linked_terms_digest() -> str:
    """The terms a page in the active language links to, as a digest: what a
    kept part holding glossary links is made of (core.parts)."""
    return _digest(linked_terms())


@functools.lru_cache(maxsize=8)
def _digest(terms: tuple[LinkedTerm, ...]) -> str:
    # The same tuple is held for a whole content generation: hashed, not printed, per page.
    return hashlib.blake2b(repr(terms).encode(), digest_size=16).hexdigest()


def translated_terms(terms: list[Term], language: str) -> list[Term]:
    """The terms with a current signed translation into `language`, as that
    translation shows them, in one query; the others left out."""
    signed = {
        t.entry_id: t
        for t in TermTranslation.objects.current(language).filter(entry__in=[t.pk for t in terms])
    }
    return [signed[t.pk].shown(t) for t in terms if t.pk in signed]


def translation_of(term: Term, language: str) -> TermTranslation | None:
    """The term's current signed translation into `language`, with its people."""
    return (
        TermTranslation.objects.current(language)
        .filter(entry=term)
        .select_related("signer", "sent_by__expert_profile")
        .first()
    )
