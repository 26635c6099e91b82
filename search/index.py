"""Writes of the search index, made when what the public reads changed: after
a Q&A's publication, re-sign or withdrawal commits, and after a drug entry is
saved (search.receivers, on the signals questions and drugs send); when a drug
entry is deleted (in its transaction); from the synonym admin. Never while a
page is shown."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.text import capfirst

from core.cache import content_changed
from drugs.models import Drug, DrugMention, side_effects_text
from drugs.services import link_question
from questions.models import Question

from .backends import backend
from .excerpts import START, STOP
from .models import RelatedQuestion, SearchEntry, Term
from .query import STOP_WORDS, words_of
from .selectors import related_candidates, related_ranked

RELATED_SHOWN = 5
_CANDIDATES = 15
_SHARED_THERAPY_BONUS = 0.3
_VOCABULARY_WORD = re.compile(r"^[a-z][a-z'-]{3,59}$")

# (anchor on the drug page, heading there, fields of that section)
# The key facts' short phrases go with the section each one sums up.
DRUG_SECTIONS: list[tuple[str, str, tuple[str, ...]]] = [
    ("what-it-is", "What it is", ("summary", "drug_class", "target_mechanism", "approval_note")),
    ("who-it-is-for", "Who it is for", ("purpose_short", "used_for")),
    (
        "how-it-is-given",
        "How it is given",
        (
            "schedule_short",
            "given_short",
            "dose_schedule",
            "infusion_time",
            "premedication_observation",
            "cumulative_dose_limits",
        ),
    ),
    ("late-or-missed", "If a dose is late or missed", ("late_or_missed",)),
    ("before-you-start", "Before you start", ("screening", "restricted_program")),
    ("other-medicines", "Other medicines and vaccines", ("interactions", "vaccines")),
    (
        "side-effects",
        "Side effects and risks",
        ("risks_short", "boxed_warnings", "common_side_effects", "serious_risks"),
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


def _remove(entries: Iterable[SearchEntry]) -> None:
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
    assert answer is not None  # only a Q&A with a signed version is entered
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
def question_changed(question_id: int) -> None:
    """After a Q&A is published, signed again or withdrawn: its therapy links
    (first: the related Q&As count shared therapies), its search entry and the
    related Q&As of it and of its neighbours. Runs after the change committed,
    so it tells the page cache itself: pages show the links and related Q&As."""
    content_changed()
    link_question(question_id)
    current = Question.objects.select_related("published_answer").get(pk=question_id)
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
    candidates = related_candidates(question_id, limit=_CANDIDATES)
    mentions = _therapies_of([question_id, *candidates])
    scored = _most_related(question_id, candidates, mentions)
    RelatedQuestion.objects.filter(question_id=question_id).delete()
    RelatedQuestion.objects.bulk_create(_rows(question_id, scored))
    return scored


def _therapies_of(question_ids: Iterable[int]) -> dict[int, set[int]]:
    """The therapies each of these Q&As names (one query)."""
    mentions: dict[int, set[int]] = {}
    for question_id, drug_id in DrugMention.objects.filter(
        question_id__in=question_ids
    ).values_list("question_id", "drug_id"):
        mentions.setdefault(question_id, set()).add(drug_id)
    return mentions


def _most_related(
    question_id: int, candidates: list[int], mentions: dict[int, set[int]]
) -> list[int]:
    """The candidates (best first by text) reordered with a bonus for each
    therapy shared with the Q&A, the first RELATED_SHOWN of them."""
    candidates = [pk for pk in candidates if pk != question_id]
    mine = mentions.get(question_id, set())

    def score(position: int, pk: int) -> float:
        shared = len(mine & mentions.get(pk, set()))
        return 1 - position / _CANDIDATES + _SHARED_THERAPY_BONUS * shared

    ranked = sorted(enumerate(candidates), key=lambda pair: -score(*pair))
    return [pk for _, pk in ranked][:RELATED_SHOWN]


def _rows(question_id: int, related: list[int]) -> list[RelatedQuestion]:
    return [
        RelatedQuestion(question_id=question_id, related_id=pk, position=i)
        for i, pk in enumerate(related)
    ]


RELATED_BATCH = 500


def related_rebuild(*, progress: Callable[[int, int], None] | None = None) -> int:
    """Every published Q&A's related Q&As from scratch, as `refresh_related`
    would store them one by one, but a batch at a time: the texts, the
    therapies and the rows of RELATED_BATCH Q&As are read and written with one
    query each, so the only query per Q&A is its ranking. Memory stays that of
    one batch. `progress(done, total)` is called after each batch. Returns how
    many Q&As were done."""
    RelatedQuestion.objects.all().delete()
    published = Question.objects.published().order_by("pk").values_list("pk", flat=True)
    total, done = published.count(), 0
    last = 0
    while True:
        batch = list(published.filter(pk__gt=last)[:RELATED_BATCH])
        if not batch:
            return done
        texts = {
            question_id: (title, subtitle)
            for question_id, title, subtitle in SearchEntry.objects.filter(
                question_id__in=batch
            ).values_list("question_id", "title", "subtitle")
        }
        candidates = {
            pk: related_ranked(pk, *texts[pk], limit=_CANDIDATES) for pk in batch if pk in texts
        }
        mentions = _therapies_of(
            {pk for ids in candidates.values() for pk in ids} | set(candidates)
        )
        RelatedQuestion.objects.bulk_create(
            [
                row
                for pk, ids in candidates.items()
                for row in _rows(pk, _most_related(pk, ids, mentions))
            ]
        )
        done += len(batch)
        last = batch[-1]
        if progress:
            progress(done, total)


def _drug_names(drug: Drug) -> str:
    return ", ".join(drug.match_names())


def _section_label(name: str) -> str:
    """A drug entry's part under the name the admin gives it."""
    field = Drug._meta.get_field(name)
    assert isinstance(field, models.Field)  # the sections are the entry's own text fields
    return str(capfirst(field.verbose_name)).removesuffix(" (short)")


@transaction.atomic
@translation.override(settings.LANGUAGE_CODE)  # the index holds the English text and labels
def drug_changed(drug_id: int) -> None:
    """After a drug entry is saved: its sections' entries, if it is published
    (search pages are cached: they are told)."""
    content_changed()
    _remove(SearchEntry.objects.filter(drug_id=drug_id))
    drug = Drug.objects.filter(pk=drug_id).first()
    if drug is None or not drug.is_published:
        return
    names = _drug_names(drug)
    entries = []
    for anchor, label, fields in DRUG_SECTIONS:
        # Each part under the name the admin gives it ("screening before the first dose").
        text = "\n".join(
            f"{_section_label(f)}. {plain(getattr(drug, f))}" for f in fields if getattr(drug, f)
        )
        if anchor == "side-effects" and (frequencies := side_effects_text(drug)):
            text = f"{text}\nHow often side effects happen. {plain(frequencies)}"
        # Shown as the page heads it ("If an infusion is …"), weighed by the neutral
        # label: a title of "infusion" would lead every search for an infusion here.
        shown = drug.missed_heading if anchor == "late-or-missed" else label
        if not text.strip():
            continue
        first = anchor == "what-it-is"
        entries.append(
            SearchEntry(
                kind=SearchEntry.Kind.DRUG_SECTION,
                drug=drug,
                section=anchor,
                url=f"{drug.get_absolute_url()}#{anchor}",
                heading=f"{drug.heading}: {shown}",
                # The names weigh most in the first section, so a search for a
                # therapy's name leads to the top of its page.
                title=f"{label}. {names}" if first else label,
                subtitle=names,
                body=text,
            )
        )
    _store(entries)


def drug_deleted(drug_id: int) -> None:
    _remove(SearchEntry.objects.filter(drug_id=drug_id))


@transaction.atomic
def rebuild(*, related: bool = True, progress: Callable[[int, int], None] | None = None) -> int:
    """Every entry from scratch (after a bulk load), then, unless `related` is
    false, every related-Q&A list (`progress` as for `related_rebuild`).
    Returns how many entries there are."""
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
    _analyze()
    if related:
        related_rebuild(progress=progress)
    # Cached pages show the old related Q&As, searches the old index.
    content_changed()
    return SearchEntry.objects.count()


def _analyze() -> None:
    """Fresh planner statistics for the index just written (PostgreSQL). With
    those of an empty index, as after a bulk load, the planner takes a word in
    half the answers for a rare one and reads every match instead of walking
    the newest: each related-Q&A ranking then took a third of a second, not
    milliseconds. ANALYZE counts the rows this transaction wrote."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {SearchEntry._meta.db_table}, {Term._meta.db_table}")
