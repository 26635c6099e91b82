"""Categories: their names and descriptions show on public pages."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction

from core.cache import content_changed

from ..models import Category


@transaction.atomic
def category_save(*, category: Category, actor: User) -> Category:
    """Store a new or edited category; the public pages show it at once."""
    category.save()
    content_changed()
    return category


def category_names_saved() -> None:
    """A category's names in other languages were saved: pages show them at once."""
    content_changed()


@transaction.atomic
def category_delete(*, category: Category, actor: User) -> None:
    category.delete()
    content_changed()
