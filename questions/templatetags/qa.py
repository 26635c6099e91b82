from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from ..selectors import archive_months, category_counts
from ..text import plain_text_to_html

register = template.Library()


@register.inclusion_tag("includes/sidebar.html", takes_context=True)
def sidebar(context: template.Context) -> dict:
    # A page that already lists the months (the archive index) lends them here.
    months = context.get("archive_months") or archive_months()
    return {
        "months": months,
        "categories": category_counts(),
        "total": sum(m.count for m in months),
    }


@register.filter
def plaintext(value: str) -> SafeString:
    """Typed text (a patient's question, a comment) as safe HTML paragraphs."""
    return plain_text_to_html(value or "")
