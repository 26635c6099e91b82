"""The synonym groups the clinic starts with; staff edit them in the admin."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet

from core.cache import content_changed
from drugs.models import Drug

from .index import add_terms
from .models import Synonym, split_terms

VOCABULARY = Path(settings.BASE_DIR) / "search" / "data" / "ms_vocabulary.toml"
_VOCABULARY_NOTE = "MS vocabulary: {head} ({kind}). {source}"


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


@dataclass(frozen=True)
class VocabularyLoaded:
    added: int
    kept: int


def vocabulary_note(head: str, kind: str, source: str) -> str:
    """A loaded group's note: it names the group's first term, by which a
    second load knows the group is there, however staff have edited its terms."""
    limit = Synonym._meta.get_field("note").max_length or 200
    note = _VOCABULARY_NOTE.format(head=head, kind=kind, source=source)
    return note if len(note) <= limit else note[: limit - 1] + "…"


@transaction.atomic
def vocabulary_load(*, path: Path = VOCABULARY) -> VocabularyLoaded:
    """Add the groups of the MS vocabulary file that are not there yet.

    A group is there when one was loaded from it before (its note names the
    group's first term) or one has exactly its terms: a group staff edited or
    deleted keeps their edit, and a second load adds nothing."""
    with path.open("rb") as file:
        groups = tomllib.load(file)["group"]
    notes = list(Synonym.objects.values_list("note", flat=True))
    existing = set(Synonym.objects.values_list("terms", flat=True))
    added: list[Synonym] = []
    kept = 0
    for group in groups:
        terms = ", ".join(dict.fromkeys(split_terms(", ".join(group["terms"]))))
        head = split_terms(group["terms"][0])[0]
        prefix = _VOCABULARY_NOTE.split("{kind}")[0].format(head=head)
        if terms in existing or any(note.startswith(prefix) for note in notes):
            kept += 1
            continue
        added.append(
            Synonym(terms=terms, note=vocabulary_note(head, group["kind"], group["source"]))
        )
        existing.add(terms)
    Synonym.objects.bulk_create(added)
    add_terms(" ".join(s.terms for s in added))
    if added:
        content_changed()
    return VocabularyLoaded(added=len(added), kept=kept)
