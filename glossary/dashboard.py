"""The glossary's row of the admin's "Waiting for you" box (core.dashboard)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.utils.translation import ngettext

from core.dashboard import Row
from questions import selectors

from .models import Term


def waiting_for(user: User) -> list[Row]:
    if not (user.has_perm("glossary.change_term") and hasattr(user, "expert_profile")):
        return []
    due = Term.objects.filter(review_due__lte=selectors.review_horizon()).count()
    label = ngettext(
        "glossary term due for review (overdue or within 30 days)",
        "glossary terms due for review (overdue or within 30 days)",
        due,
    )
    return [Row(55, label, due, "/admin/glossary/term/?review=due")]
