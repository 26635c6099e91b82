"""The drug reference's rows of the admin's "Waiting for you" box (core.dashboard)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.utils.translation import ngettext

from core.dashboard import Row
from questions import selectors

from .models import Drug


def waiting_for(user: User) -> list[Row]:
    items: list[Row] = []
    if user.has_perm("drugs.change_drug") and hasattr(user, "expert_profile"):
        drugs_due = Drug.objects.filter(review_due__lte=selectors.review_horizon()).count()
        items.append(
            Row(
                50,
                ngettext(
                    "drug entry due for review (overdue or within 30 days)",
                    "drug entries due for review (overdue or within 30 days)",
                    drugs_due,
                ),
                drugs_due,
                "/admin/drugs/drug/?review=due",
            )
        )
    return items
