"""Search acts on what the Q&A lifecycle, the drug reference and the glossary
announce: the Q&A's therapy links, its search entry and the related Q&As
around it; a drug entry's sections; a glossary term's synonym group."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import pre_delete
from django.dispatch import receiver

from drugs.models import Drug
from drugs.signals import drug_changed
from glossary.signals import term_changed
from questions.signals import (
    qa_published,
    qa_resigned,
    qa_translated,
    qa_withdrawn,
    reference_translated,
)

from . import index, synonyms


@receiver(qa_published, dispatch_uid="search.qa_published")
@receiver(qa_resigned, dispatch_uid="search.qa_resigned")
@receiver(qa_withdrawn, dispatch_uid="search.qa_withdrawn")
@receiver(qa_translated, dispatch_uid="search.qa_translated")
def reindex_question(*, question_id: int, **kwargs: Any) -> None:
    index.question_changed(question_id)


@receiver(drug_changed, dispatch_uid="search.drug_changed")
def reindex_drug(*, drug_id: int, **kwargs: Any) -> None:
    index.drug_changed(drug_id)


@receiver(term_changed, dispatch_uid="search.term_changed")
def synonyms_from_glossary(**kwargs: Any) -> None:
    # A term and its other names mean the same to a reader: a new one becomes a
    # synonym group unless a group already has one of its names.
    synonyms.seed_from_glossary()


@receiver(pre_delete, sender=Drug, dispatch_uid="search.drug_deleted")
def forget_drug(*, instance: Drug, **kwargs: Any) -> None:
    # In the deleting transaction: the entries go with the entry, never after it.
    index.drug_deleted(instance.pk)


@receiver(reference_translated, dispatch_uid="search.reference_translated")
def reindex_translated_entry(*, label: str, entry_id: int, **kwargs: Any) -> None:
    # A drug page's sections are searched in each language it is signed in; a
    # glossary term's names become a synonym group of its language.
    if label == "drugs.drugtranslation":
        index.drug_changed(entry_id)
    elif label == "glossary.termtranslation":
        synonyms.seed_from_glossary()
