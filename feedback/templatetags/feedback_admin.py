from django import template
from django.utils.translation import ngettext

from ..models import Feedback

register = template.Library()


@register.inclusion_tag("admin/includes/unread_notes.html", takes_context=True)
def unread_notes_box(context: template.Context) -> dict:
    """Readers' notes nobody at the clinic has read yet, for those who may read them."""
    if not context["request"].user.has_perm("feedback.view_feedback"):
        return {"count": 0}
    count = Feedback.objects.exclude(note="").filter(note_read=False).count()
    return {
        "count": count,
        "label": ngettext("reader's note not read yet", "readers' notes not read yet", count),
    }
