"""Who may see what the public cannot: the one rule for previews, used by the
Q&A page and the drug page alike."""

from __future__ import annotations

from typing import Protocol, TypeVar

from django.contrib.auth import get_permission_codename
from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Model, QuerySet

_M = TypeVar("_M", bound=Model)


class Publishing(Protocol[_M]):
    """A model's manager whose rows know which of them the public may see."""

    model: type[_M]

    def all(self) -> QuerySet[_M]: ...

    def published(self) -> QuerySet[_M]: ...


def can_preview_unpublished(user: User | AnonymousUser, model: type[Model]) -> bool:
    """Whether `user` may open a page of `model` that the public cannot see (a
    withdrawn Q&A, a draft drug entry): staff whose role edits that model, as
    questions.change_question or drugs.change_drug. Being staff is not enough."""
    opts = model._meta
    return (
        user.is_active
        and user.is_staff
        and user.has_perm(f"{opts.app_label}.{get_permission_codename('change', opts)}")
    )


def visible_to(user: User | AnonymousUser, rows: Publishing[_M]) -> QuerySet[_M]:
    """The rows of a model (`rows`: its manager) whose pages `user` may open: every
    row for those who may preview, else only what `rows.published()` lets the public see."""
    if can_preview_unpublished(user, rows.model):
        return rows.all()
    return rows.published()
