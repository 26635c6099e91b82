from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from ..selectors import sidebar as sidebar_counts
from ..text import plain_text_to_html

register = template.Library()


@register.inclusion_tag("includes/sidebar.html")
def sidebar() -> dict:
    counts = sidebar_counts()
    return {"months": counts.months, "categories": counts.categories, "total": counts.total}


@register.filter
def plaintext(value: str) -> SafeString:
    """Typed text (a patient's question, a comment) as safe HTML paragraphs."""
    return plain_text_to_html(value or "")
