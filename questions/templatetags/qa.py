from __future__ import annotations

import datetime

from django import template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from core.cache import cached_by_generation
from core.text import plain_text_to_html

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

    return mark_safe(cached_by_generation("sidebar-html", render))  # noqa: S308 - our template


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
