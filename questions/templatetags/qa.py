from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from core.cache import held_by_generation
from core.text import plain_text_to_html

from ..models import Category, Question
from ..selectors import sidebar as sidebar_counts

register = template.Library()


SIDEBAR_MONTHS = 12


@register.simple_tag
def sidebar() -> SafeString:
    """The sidebar, rendered once per content generation: with years of
    archive months its rendering costs more than the rest of a page."""

    def render() -> str:
        counts = sidebar_counts()
        return render_to_string(
            "includes/sidebar.html",
            {
                "months": counts.months[:SIDEBAR_MONTHS],
                "more_months": len(counts.months) > SIDEBAR_MONTHS,
                "categories": counts.categories,
                "total": counts.total,
            },
        )

    # One copy per language: its words and its links (/es/…) differ.
    html = held_by_generation(f"sidebar-html:{get_language()}", render)
    return mark_safe(html)  # noqa: S308 - our template


@register.filter
def shown_as(questions: Iterable[Question]) -> list[tuple[Any, ...]]:
    """What a list of Q&As shows of each, for the part that keeps the list
    (core.parts): the Q&A, the text it shows (its translation on a page in
    another language, or only its title, `Question.titles`), and, where the
    list read them, its comment count and its category, named as
    `category_link` names it."""
    made_of: list[tuple[Any, ...]] = []
    for question in questions:
        # A title alone (Question.titles) in another language, else the text shown.
        title = getattr(question, "translated_title", None)
        text = question.shown if title is None else title
        row: tuple[Any, ...] = (question, text, getattr(question, "comment_count", None))
        read = "category_id" not in question.get_deferred_fields() and question.category_id
        if read and (category := question.category) is not None:
            shown = sidebar_counts().category(category.slug)
            row += (category, (shown.name, shown.name_lang) if shown else None)
        made_of.append(row)
    return made_of


@register.filter
def plaintext(value: str) -> SafeString:
    """Typed text (a patient's question, a comment) as safe HTML paragraphs."""
    return plain_text_to_html(value or "")


@register.filter
def datetime_attr(value: datetime.datetime | datetime.date | None) -> str:
    """A <time datetime> value. Django's "c" format writes microseconds, which
    the HTML standard does not allow (at most three digits of a second)."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    return value.isoformat()


@register.filter
def isodate(value: str) -> datetime.date | None:
    """A date kept as text in a signed copy (a source's date accessed)."""
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


@register.simple_tag
def category_link(category: Category) -> SafeString:
    """A link to a category under its name in the page's language, from the
    cached sidebar (no query); a name not translated yet is marked as in the
    default language."""
    shown = sidebar_counts().category(category.slug)
    name, lang = (shown.name, shown.name_lang) if shown else (category.name, "")
    if shown is None and get_language() != settings.LANGUAGE_CODE:
        lang = settings.LANGUAGE_CODE
    marked = format_html(' lang="{}"', lang) if lang else ""
    return format_html('<a href="{}"{}>{}</a>', category.get_absolute_url(), marked, name)
