"""Writes of the search index, called by the services that change what the
public reads: a Q&A's publication, re-sign and withdrawal
(questions.services.transitions), a drug entry's save and delete
(drugs.services), the synonym admin. Never by signals, never while a page is shown."""

from __future__ import annotations

import html
import re

from django.db import transaction
from django.utils.html import strip_tags
from django.utils.text import capfirst

from drugs.models import Drug, DrugMention
from drugs.services import link_question
from questions.models import Question

from .backends import START, STOP, backend
from .models import RelatedQuestion, SearchEntry, Term
from .query import STOP_WORDS, words_of

RELATED_SHOWN = 5
_CANDIDATES = 15
_SHARED_THERAPY_BONUS = 0.3
_VOCABULARY_WORD = re.compile(r"^[a-z][a-z'-]{3,59}$")

# (anchor on the drug page, heading there, fields of that section)
DRUG_SECTIONS: list[tuple[str, str, tuple[str, ...]]] = [
    ("what-it-is", "What it is", ("summary", "drug_class", "target_mechanism", "approval_note")),
    ("who-it-is-for", "Who it is for", ("used_for",)),
    (
        "how-it-is-given",
        "How it is given",
        ("dose_schedule", "infusion_time", "premedication_observation", "cumulative_dose_limits"),
    ),
    ("before-you-start", "Before you start", ("screening", "vaccines", "restricted_program")),
    (
        "side-effects",
        "Side effects and risks",
        ("boxed_warnings", "common_side_effects", "serious_risks"),
    ),
    ("pregnancy", "Pregnancy and breastfeeding", ("pregnancy_breastfeeding",)),
    ("monitoring", "Monitoring", ("monitoring",)),
]


def plain(text: str) -> str:
    """Plain text for the index as typed (escaped when shown), without excerpt markers."""
    return (text or "").replace(START, "").replace(STOP, "")


def plain_from_html(text: str) -> str:
    """The text of sanitized HTML (an answer): no tags, entities decoded."""
    return plain(html.unescape(strip_tags(text or "")))


def _remove(entries) -> None:
    entries = list(entries)
    if entries:
        backend().before_delete(entries)
        SearchEntry.objects.filter(pk__in=[e.pk for e in entries]).delete()


def _store(entries: list[SearchEntry]) -> None:
    if not entries:
        return
    # Both databases return the new ids (SQLite from 3.35 on).
    pks = [e.pk for e in SearchEntry.objects.bulk_create(entries)]
    backend().after_write(pks)
    add_terms(" ".join(f"{e.title} {e.subtitle} {e.body}" for e in entries))


def add_terms(text: str) -> None:
    """Words "Did you mean …?" may offer from now on."""
    words = {w for w in words_of(text) if _VOCABULARY_WORD.match(w) and w not in STOP_WORDS}
    Term.objects.bulk_create([Term(word=w) for w in sorted(words)], ignore_conflicts=True)


def _answer_entry(question: Question) -> SearchEntry:
    answer = question.published_answer
    return SearchEntry(
        kind=SearchEntry.Kind.ANSWER,
        question=question,
        url=question.get_absolute_url(),
        heading=answer.question_title,
        title=plain(answer.question_title),
        subtitle=plain(answer.question_text),
        body=plain_from_html(answer.body_html),
        published_at=question.published_at,
    )


@transaction.atomic
def question_changed(question: Question) -> None:
    """After a Q&A is published, signed again or withdrawn: its therapy links,
    its search entry and the related Q&As of it and of its neighbours."""
    link_question(question)
    current = Question.objects.select_related("published_answer").get(pk=question.pk)
    _remove(SearchEntry.objects.filter(question_id=current.pk))
    if not current.is_public or current.published_answer is None:
        RelatedQuestion.objects.filter(question_id=current.pk).delete()
        return
    _store([_answer_entry(current)])
    for neighbour in refresh_related(current.pk):
        refresh_related(neighbour)


def refresh_related(question_id: int) -> list[int]:
    """Store the Q&As most like this one (by text, with a bonus for each therapy
    they share); returns their ids."""
    from .selectors import related_candidates  # reads live in selectors

    candidates = [
        pk for pk in related_candidates(question_id, limit=_CANDIDATES) if pk != question_id
    ]
    mine = set(
        DrugMention.objects.filter(question_id=question_id).values_list("drug_id", flat=True)
    )
    shared: dict[int, int] = {}
    if mine and candidates:
        for pk in DrugMention.objects.filter(
            question_id__in=candidates, drug_id__in=mine
        ).values_list("question_id", flat=True):
            shared[pk] = shared.get(pk, 0) + 1
    scored = sorted(
        candidates,
        key=lambda pk: (
            -(1 - candidates.index(pk) / _CANDIDATES + _SHARED_THERAPY_BONUS * shared.get(pk, 0))
        ),
    )[:RELATED_SHOWN]
    RelatedQuestion.objects.filter(question_id=question_id).delete()
    RelatedQuestion.objects.bulk_create(
        [
            RelatedQuestion(question_id=question_id, related_id=pk, position=i)
            for i, pk in enumerate(scored)
        ]
    )
    return scored


def _drug_names(drug: Drug) -> str:
    return ", ".join(drug.match_names())


@transaction.atomic
def drug_changed(drug_id: int) -> None:
    """After a drug entry is saved: its sections' entries, if it is published."""
    _remove(SearchEntry.objects.filter(drug_id=drug_id))
    drug = Drug.objects.filter(pk=drug_id).first()
    if drug is None or not drug.is_published:
        return
    names = _drug_names(drug)
    entries = []
    for anchor, label, fields in DRUG_SECTIONS:
        # Each part under the name the admin gives it ("screening before the first dose").
        text = "\n".join(
            f"{capfirst(Drug._meta.get_field(f).verbose_name)}. {plain(getattr(drug, f))}"
            for f in fields
            if getattr(drug, f)
        )
        if not text.strip():
            continue
        first = anchor == "what-it-is"
        entries.append(
            SearchEntry(
                kind=SearchEntry.Kind.DRUG_SECTION,
                drug=drug,
                section=anchor,
                url=f"{drug.get_absolute_url()}#{anchor}",
                heading=f"{drug.heading}: {label}",
                # The names weigh most in the first section, so a search for a
                # therapy's name leads to the top of its page.
                title=f"{label}. {names}" if first else label,
                subtitle=names,
                body=text,
            )
        )
    _store(entries)


def drugs_deleted(drug_ids: list[int]) -> None:
    _remove(SearchEntry.objects.filter(drug_id__in=drug_ids))


@transaction.atomic
def rebuild(*, related: bool = True) -> int:
    """Every entry from scratch (after a bulk load). Returns how many there are."""
    backend().clear()
    SearchEntry.objects.all().delete()
    questions = Question.objects.published().select_related("published_answer").order_by("pk")
    batch: list[SearchEntry] = []
    for question in questions.iterator(chunk_size=1000):
        batch.append(_answer_entry(question))
        if len(batch) == 1000:
            _store(batch)
            batch = []
    _store(batch)
    for drug_id in Drug.objects.published().values_list("pk", flat=True):
        drug_changed(drug_id)
    if related:
        for pk in Question.objects.published().values_list("pk", flat=True).iterator():
            refresh_related(pk)
    return SearchEntry.objects.count()
