from django import template

from ..selectors import subscriber_counts

register = template.Library()


@register.inclusion_tag("admin/includes/subscriber_counts.html")
def subscriber_counts_box() -> dict:
    """Counted, never listed: the addresses stay off every staff page too."""
    return subscriber_counts()
