"""Reads for the glossary's pages and for the pages that link to it; all go
through `published()`."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet

from core.cache import held_by_generation
from core.visibility import visible_to

from .linking import LinkedTerm
from .models import Term, split_names


def index_terms() -> list[Term]:
    """The index page: every published term, by name, in one query."""
    return list(
        Term.objects.published().only("slug", "name", "other_names", "explanation").order_by("name")
    )


def term_page(user: User | AnonymousUser) -> QuerySet[Term]:
    """The terms whose page `user` may open (the public: published ones); filter by slug."""
    return visible_to(user, Term.objects).select_related("reviewed_by")


def _linked_terms() -> tuple[LinkedTerm, ...]:
    return tuple(
        LinkedTerm(
            slug=term.slug,
            name=term.name,
            heading=term.heading,
            names=(term.name, *split_names(term.other_names)),
            in_short=term.in_short,
            url=term.get_absolute_url(),
        )
        for term in Term.objects.published()
        .only("slug", "name", "other_names", "explanation")
        .order_by("name")
    )


def linked_terms() -> tuple[LinkedTerm, ...]:
    """Every published term as the linking needs it: one query, then cached
    until public content changes (every term save says so)."""
    terms: tuple[LinkedTerm, ...] = held_by_generation("glossary-terms", _linked_terms)
    return terms
