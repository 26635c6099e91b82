"""The synonym groups the clinic starts with; staff edit them in the admin."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet

from core.cache import content_changed
from drugs.models import Drug
from glossary.models import Term, TermTranslation

from .everyday import everyday_words
from .index import add_terms
from .models import DeclinedGroup, Synonym, split_terms
from .query import words_of

VOCABULARY = Path(settings.BASE_DIR) / "search" / "data" / "ms_vocabulary.toml"
# Each language's vocabulary: a file says its language (`language = "es"`), English if not.
VOCABULARIES = (VOCABULARY, VOCABULARY.with_name("ms_vocabulary_es.toml"))
_VOCABULARY_NOTE = "MS vocabulary: {head} ({kind}). {source}"
_VOCABULARY_NOTE_READ = re.compile(r"MS vocabulary: (?P<head>.+?) \([a-z-]+\)\. ")


def group_from_names(*names: str) -> str:
    """One synonym group from a therapy's names ("" when it has just one)."""
    seen: list[str] = []
    for value in names:
        for name in value.split(","):
            name = " ".join(name.lower().split())
            if name and name not in seen:
                seen.append(name)
    return ", ".join(seen) if len(seen) > 1 else ""


def _as_searched(term: str, language: str = settings.LANGUAGE_CODE) -> str:
    return " ".join(words_of(term, language))


@transaction.atomic
def seed_from_drugs() -> int:
    """A group for each therapy's generic, brand, biosimilar and other names,
    unless a group already has one of them. Returns how many were added.

    Search merges the groups that share a term: a second group naming the
    same therapy would join what the vocabulary keeps apart on purpose (stem
    cell therapy, aHSCT and mesenchymal stem cells), and staff could not undo
    it by editing the one group they find."""
    named = {
        _as_searched(term)
        for terms in Synonym.objects.values_list("terms", flat=True)
        for term in split_terms(terms)
    }
    added = []
    for drug in Drug.objects.only(
        "generic_name", "display_name", "brand_names", "biosimilars", "other_names"
    ):
        terms = group_from_names(
            drug.generic_name, drug.brand_names, drug.biosimilars, drug.other_names
        )
        searched = {_as_searched(term) for term in split_terms(terms)}
        if terms and not searched & named:
            added.append(Synonym(terms=terms, note=f"From the drug reference: {drug.heading}"))
            named |= searched
    Synonym.objects.bulk_create(added)
    add_terms(" ".join(s.terms for s in added))
    content_changed()
    return len(added)


@transaction.atomic
def seed_from_glossary() -> int:
    """A group for each published glossary term and its other names ("lesion,
    plaque, scar tissue"), unless a group already has one of them, as
    `seed_from_drugs` does and for the same reason; in each other language,
    from the term's current signed translation. A name that search would take
    for one everyday word is left out. Returns how many were added."""
    english = [
        (term.name, term.other_names)
        for term in Term.objects.published().only("name", "other_names").order_by("name")
    ]
    added = _seed_glossary_groups(settings.LANGUAGE_CODE, english, everyday_words())
    for language, _ in settings.LANGUAGES:
        if language == settings.LANGUAGE_CODE:
            continue
        translated = [
            (texts.get("name", ""), texts.get("other_names", ""))
            for texts in TermTranslation.objects.current(language)
            .filter(entry__in=Term.objects.published())
            .values_list("texts", flat=True)
        ]
        added += _seed_glossary_groups(language, translated, frozenset())
    if added:
        content_changed()
    return added


def _seed_glossary_groups(
    language: str, terms: list[tuple[str, str]], everyday: frozenset[str]
) -> int:
    named = {
        _as_searched(term, language)
        for terms_of_group in Synonym.objects.filter(language=language).values_list(
            "terms", flat=True
        )
        for term in split_terms(terms_of_group)
    }
    added = []
    for name, other_names in terms:
        names = [
            each
            for each in split_terms(f"{name}, {other_names}")
            if _as_searched(each, language) and _as_searched(each, language) not in everyday
        ]
        group = group_from_names(*names)
        searched = {_as_searched(each, language) for each in split_terms(group)}
        if group and not searched & named:
            added.append(Synonym(terms=group, language=language, note=f"From the glossary: {name}"))
            named |= searched
    Synonym.objects.bulk_create(added)
    add_terms(" ".join(s.terms for s in added), language)
    return len(added)


@transaction.atomic
def synonym_save(*, synonym: Synonym, actor: User) -> None:
    """Store a group edited in the admin; searches use it at once."""
    synonym.terms = ", ".join(
        dict.fromkeys(t.strip() for t in synonym.terms.split(",") if t.strip())
    )
    synonym.save()
    add_terms(synonym.terms, synonym.language)
    content_changed()


@transaction.atomic
def synonym_delete(*, synonyms: QuerySet[Synonym], actor: User) -> None:
    """Delete groups; one loaded from the MS vocabulary is remembered as
    declined, so that the next load (on every deployment) does not add it again."""
    heads = {
        (head, language)
        for note, language in synonyms.values_list("note", "language")
        if (head := vocabulary_head(note))
    }
    DeclinedGroup.objects.bulk_create(
        [DeclinedGroup(head=head, language=language) for head, language in sorted(heads)],
        ignore_conflicts=True,
    )
    synonyms.delete()
    content_changed()


@dataclass(frozen=True)
class VocabularyLoaded:
    added: int
    kept: int
    declined: int = 0


def vocabulary_head(note: str) -> str | None:
    """The first term of the vocabulary group a loaded group's note names."""
    match = _VOCABULARY_NOTE_READ.match(note)
    return match["head"] if match else None


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
    group's first term) or one has exactly its terms: a group staff edited
    keeps their edit, one they deleted stays deleted, and a second load adds
    nothing."""
    with path.open("rb") as file:
        loaded = tomllib.load(file)
    groups, language = loaded["group"], loaded.get("language", settings.LANGUAGE_CODE)
    same_language = Synonym.objects.filter(language=language)
    notes = list(same_language.values_list("note", flat=True))
    existing = set(same_language.values_list("terms", flat=True))
    declined = set(DeclinedGroup.objects.filter(language=language).values_list("head", flat=True))
    added: list[Synonym] = []
    kept = left_out = 0
    for group in groups:
        terms = ", ".join(dict.fromkeys(split_terms(", ".join(group["terms"]))))
        head = split_terms(group["terms"][0])[0]
        if head in declined:
            left_out += 1
            continue
        prefix = _VOCABULARY_NOTE.split("{kind}")[0].format(head=head)
        if terms in existing or any(note.startswith(prefix) for note in notes):
            kept += 1
            continue
        added.append(
            Synonym(
                terms=terms,
                language=language,
                note=vocabulary_note(head, group["kind"], group["source"]),
            )
        )
        existing.add(terms)
    Synonym.objects.bulk_create(added)
    add_terms(" ".join(s.terms for s in added), language)
    if added:
        content_changed()
    return VocabularyLoaded(added=len(added), kept=kept, declined=left_out)
