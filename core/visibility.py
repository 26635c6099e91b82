"""Who may see what the public cannot: the one rule for previews, used by the
Q&A page and the drug page alike."""

from __future__ import annotations

from django.contrib.auth import get_permission_codename
from django.db.models import Model, QuerySet


def can_preview_unpublished(user, model: type[Model]) -> bool:
    """Whether `user` may open a page of `model` that the public cannot see (a
    withdrawn Q&A, a draft drug entry): staff whose role edits that model, as
    questions.change_question or drugs.change_drug. Being staff is not enough."""
    opts = model._meta
    return (
        user.is_active
        and user.is_staff
        and user.has_perm(f"{opts.app_label}.{get_permission_codename('change', opts)}")
    )


def visible_to(user, model: type[Model]) -> QuerySet:
    """The rows of `model` whose pages `user` may open: every row for those who
    may preview, else only what `model.objects.published()` lets the public see."""
    if can_preview_unpublished(user, model):
        return model.objects.all()
    return model.objects.published()
