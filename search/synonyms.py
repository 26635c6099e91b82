"""The synonym groups the clinic starts with; staff edit them in the admin."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet

from core.cache import content_changed
from drugs.models import Drug

from .index import add_terms
from .models import Synonym


def group_from_names(*names: str) -> str:
    """One synonym group from a therapy's names ("" when it has just one)."""
    seen: list[str] = []
    for value in names:
        for name in value.split(","):
            name = " ".join(name.lower().split())
            if name and name not in seen:
                seen.append(name)
    return ", ".join(seen) if len(seen) > 1 else ""


@transaction.atomic
def seed_from_drugs() -> int:
    """A group for each therapy's generic, brand, biosimilar and other names,
    unless one with the same names exists. Returns how many were added."""
    existing = set(Synonym.objects.values_list("terms", flat=True))
    added = []
    for drug in Drug.objects.only(
        "generic_name", "display_name", "brand_names", "biosimilars", "other_names"
    ):
        terms = group_from_names(
            drug.generic_name, drug.brand_names, drug.biosimilars, drug.other_names
        )
        if terms and terms not in existing:
            added.append(Synonym(terms=terms, note=f"From the drug reference: {drug.heading}"))
            existing.add(terms)
    Synonym.objects.bulk_create(added)
    add_terms(" ".join(s.terms for s in added))
    content_changed()
    return len(added)


@transaction.atomic
def synonym_save(*, synonym: Synonym, actor: User) -> None:
    """Store a group edited in the admin; searches use it at once."""
    synonym.terms = ", ".join(
        dict.fromkeys(t.strip() for t in synonym.terms.split(",") if t.strip())
    )
    synonym.save()
    add_terms(synonym.terms)
    content_changed()


@transaction.atomic
def synonym_delete(*, synonyms: QuerySet[Synonym], actor: User) -> None:
    synonyms.delete()
    content_changed()
