"""Writes of the drug reference: saving and deleting entries, and which
published Q&As name which therapy.

The links are stored (`DrugMention`) and recomputed only when the text or the
names change: when a Q&A is published or re-signed (`link_question`), when a
therapy's names change (`relink_drug`), or all at once (`relink_all`, the
`relink_drugs` command). Pages only read them.

Mentions are kept for every therapy, published or not, so that publishing an
entry needs no recomputation; pages filter both sides through `published()`.
Each tells the page cache that content changed: Q&A pages show the links.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.html import strip_tags

from core.cache import content_changed
from core.events import announce
from questions.models import Answer, ExpertProfile, Question

from .models import Drug, DrugMention, DrugReview
from .signals import drug_changed

_NAME_FIELDS = ["generic_name", "display_name", "brand_names", "biosimilars", "other_names"]


def signed_public_text(answer: Answer) -> str:
    """What the public reads of a signed Q&A, as plain text: title, question, answer."""
    answer_text = html.unescape(strip_tags(answer.body_html))
    return "\n".join([answer.question_title, answer.question_text, answer_text])


def _published_texts() -> Iterable[tuple[int, str]]:
    questions = (
        Question.objects.published()
        .select_related("published_answer")
        .only(
            "pk",
            "published_answer__question_title",
            "published_answer__question_text",
            "published_answer__body_html",
        )
        .order_by("pk")
    )
    for question in questions.iterator(chunk_size=500):
        # Published, so signed (constraint published_has_date_answer_and_slug).
        assert question.published_answer is not None
        yield question.pk, signed_public_text(question.published_answer)


def _drugs_for_matching() -> list[Drug]:
    return list(Drug.objects.only("pk", *_NAME_FIELDS))


@transaction.atomic
def link_question(question_id: int) -> set[int]:
    """Recompute the therapies one Q&A names, from its published signed text.

    Call it after the Q&A is published or re-signed. A Q&A that is not
    published names nothing. Returns the ids of the therapies it names now.
    """
    current = (
        Question.objects.select_related("published_answer")
        .only(
            "pk",
            "status",
            "published_answer__question_title",
            "published_answer__question_text",
            "published_answer__body_html",
        )
        .get(pk=question_id)
    )
    wanted: set[int] = set()
    if current.is_public and current.published_answer is not None:
        text = signed_public_text(current.published_answer)
        wanted = {drug.pk for drug in _drugs_for_matching() if drug.is_named_in(text)}
    mentions = DrugMention.objects.filter(question_id=current.pk)
    existing = set(mentions.values_list("drug_id", flat=True))
    mentions.exclude(drug_id__in=wanted).delete()
    DrugMention.objects.bulk_create(
        [DrugMention(drug_id=pk, question_id=current.pk) for pk in wanted - existing],
        ignore_conflicts=True,  # a concurrent call may have stored the same row
    )
    content_changed()
    return wanted


@transaction.atomic
def relink_drug(drug: Drug) -> set[int]:
    """Recompute which published Q&As name this therapy, after its names
    changed. Returns the ids of those Q&As."""
    drug = Drug.objects.only("pk", *_NAME_FIELDS).get(pk=drug.pk)
    wanted = {pk for pk, text in _published_texts() if drug.is_named_in(text)}
    mentions = DrugMention.objects.filter(drug_id=drug.pk)
    existing = set(mentions.values_list("question_id", flat=True))
    mentions.exclude(question_id__in=wanted).delete()
    DrugMention.objects.bulk_create(
        [DrugMention(drug_id=drug.pk, question_id=pk) for pk in wanted - existing],
        ignore_conflicts=True,
    )
    content_changed()  # Q&A pages show the links
    return wanted


@transaction.atomic
def relink_all() -> int:
    """Recompute every link from scratch. Returns how many there are now."""
    drugs = _drugs_for_matching()
    rows = [
        DrugMention(drug_id=drug.pk, question_id=pk)
        for pk, text in _published_texts()
        for drug in drugs
        if drug.is_named_in(text)
    ]
    DrugMention.objects.all().delete()
    DrugMention.objects.bulk_create(rows, batch_size=500)
    content_changed()
    return len(rows)


@transaction.atomic
def drug_save(
    *, drug: Drug, actor: User, changed_fields: Iterable[str] | None = None
) -> set[int] | None:
    """Store a new entry (`changed_fields` None) or an edited one; drug pages,
    the list and Q&A pages show it at once. When the entry is new or its names
    changed, its Q&A links are recomputed and the ids of the Q&As that name it
    are returned; otherwise None."""
    drug.save()
    content_changed()
    announce(drug_changed, drug_id=drug.pk)
    if changed_fields is None or set(_NAME_FIELDS).intersection(changed_fields):
        return relink_drug(drug)
    return None


@transaction.atomic
def drug_delete(*, drugs: QuerySet[Drug], actor: User) -> None:
    """Delete entries (one or a selection) and their links (and, by the
    receivers of Django's pre_delete, what other apps keep of them)."""
    drugs.delete()
    content_changed()


@transaction.atomic
def drug_reattest(*, drug_id: int, actor: User, note: str = "") -> DrugReview:
    """A clinician checked every section and found it still accurate: the
    entry gets their name, today's date and a new due date; the text is
    unchanged. An entry that needs changes is edited and saved with a new
    review date instead."""
    profile = ExpertProfile.objects.filter(user=actor).first()
    if not (actor.is_active and actor.has_perm("drugs.change_drug")) or profile is None:
        raise PermissionDenied("Only a clinician with an expert profile can review an entry.")
    drug = Drug.objects.select_for_update().get(pk=drug_id)
    now = timezone.now()
    drug.reviewed_by = profile
    drug.reviewed_on = timezone.localdate(now)
    drug.save(update_fields=["reviewed_by", "reviewed_on"])
    content_changed()
    return DrugReview.objects.create(
        drug=drug, reviewer=profile, reviewed_by=actor, reviewed_at=now, note=note
    )
