"""Search acts on what the Q&A lifecycle and the drug reference announce:
the Q&A's therapy links, its search entry and the related Q&As around it; a
drug entry's sections."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import pre_delete
from django.dispatch import receiver

from drugs.models import Drug
from drugs.signals import drug_changed
from questions.signals import qa_published, qa_resigned, qa_withdrawn

from . import index


@receiver(qa_published, dispatch_uid="search.qa_published")
@receiver(qa_resigned, dispatch_uid="search.qa_resigned")
@receiver(qa_withdrawn, dispatch_uid="search.qa_withdrawn")
def reindex_question(*, question_id: int, **kwargs: Any) -> None:
    index.question_changed(question_id)


@receiver(drug_changed, dispatch_uid="search.drug_changed")
def reindex_drug(*, drug_id: int, **kwargs: Any) -> None:
    index.drug_changed(drug_id)


@receiver(pre_delete, sender=Drug, dispatch_uid="search.drug_deleted")
def forget_drug(*, instance: Drug, **kwargs: Any) -> None:
    # In the deleting transaction: the entries go with the entry, never after it.
    index.drug_deleted(instance.pk)
