from __future__ import annotations

from django import template

from .. import dashboard

register = template.Library()


@register.inclusion_tag("admin/includes/work_summary.html", takes_context=True)
def work_summary(context: template.Context) -> dict[str, object]:
    """What waits for this user, from every app (core.dashboard)."""
    return {"items": dashboard.rows_for(context["request"].user)}
