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
from django.utils.translation import gettext

from core.cache import content_changed
from drugs.models import Drug, DrugMention, DrugTranslation, side_effects_text, split_names
from drugs.services import link_question
from questions.models import AnswerTranslation, Question

from .backends import backend
from .excerpts import START, STOP
from .languages import STOP_WORDS
from .models import RelatedQuestion, SearchEntry, Term
from .query import words_of
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
    for language in {e.language for e in entries}:
        text = " ".join(
            f"{e.title} {e.subtitle} {e.body}" for e in entries if e.language == language
        )
        add_terms(text, language)


def add_terms(text: str, language: str = settings.LANGUAGE_CODE) -> None:
    """Words "Did you mean …?" may offer from now on, in a search in `language`
    (folded, in a language read without accents)."""
    stop_words = STOP_WORDS[language]
    words = {
        w for w in words_of(text, language) if _VOCABULARY_WORD.match(w) and w not in stop_words
    }
    Term.objects.bulk_create(
        [Term(word=w, language=language) for w in sorted(words)], ignore_conflicts=True
    )


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


def _translation_entry(question: Question, signed: AnswerTranslation) -> SearchEntry:
    """A Q&A's entry in the language of its current translation: its signed text."""
    with translation.override(signed.language):
        url = question.get_absolute_url()
    return SearchEntry(
        kind=SearchEntry.Kind.ANSWER,
        language=signed.language,
        question=question,
        url=url,
        heading=signed.question_title,
        title=plain(signed.question_title),
        subtitle=plain(signed.question_text),
        body=plain_from_html(signed.body_html),
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
    translated = AnswerTranslation.objects.filter(question=current, is_current=True)
    _store([_answer_entry(current), *(_translation_entry(current, t) for t in translated)])
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


def _section_label(name: str) -> str:
    """A drug entry's part under the name the admin gives it."""
    field = Drug._meta.get_field(name)
    assert isinstance(field, models.Field)  # the sections are the entry's own text fields
    return str(capfirst(field.verbose_name)).removesuffix(" (short)")


@transaction.atomic
def drug_changed(drug_id: int) -> None:
    """After a drug entry or one of its translations is saved: its sections'
    entries in English and in each language it has a current signed
    translation in, if it is published (search pages are cached: they are told)."""
    content_changed()
    _remove(SearchEntry.objects.filter(drug_id=drug_id))
    drug = Drug.objects.filter(pk=drug_id).prefetch_related("side_effects").first()
    if drug is None or not drug.is_published:
        return
    with translation.override(settings.LANGUAGE_CODE):
        entries = _drug_entries(drug, drug, settings.LANGUAGE_CODE, labelled=True)
    for signed in DrugTranslation.objects.filter(entry=drug, is_current=True):
        with translation.override(signed.language):
            entries += _drug_entries(drug, signed.shown(drug), signed.language, labelled=False)
    _store(entries)


def _drug_entries(drug: Drug, page: Drug, language: str, *, labelled: bool) -> list[SearchEntry]:
    """The sections of a drug page (`page`: the entry, or its translation's
    copy) as entries in `language`, the active language. `labelled`: each part
    of a section starts with the admin's name for it ("screening before the
    first dose"), which exists in English only."""
    names = ", ".join(dict.fromkeys([*drug.match_names(), *split_names(page.other_names)]))
    entries = []
    for anchor, label, fields in DRUG_SECTIONS:
        parts = [(f, plain(getattr(page, f))) for f in fields if getattr(page, f)]
        text = "\n".join(
            f"{_section_label(f)}. {part}" if labelled else _sentence(part) for f, part in parts
        )
        if anchor == "side-effects" and (frequencies := _side_effects(page)):
            text = f"{text}\n{gettext('How often side effects happen')}. {plain(frequencies)}"
        if not text.strip():
            continue
        shown_label = gettext(label)
        # Shown as the page heads it ("If an infusion is …"), weighed by the neutral
        # label: a title of "infusion" would lead every search for an infusion here.
        shown = drug.missed_heading if anchor == "late-or-missed" else shown_label
        first = anchor == "what-it-is"
        entries.append(
            SearchEntry(
                kind=SearchEntry.Kind.DRUG_SECTION,
                language=language,
                drug=drug,
                section=anchor,
                url=f"{drug.get_absolute_url()}#{anchor}",
                heading=f"{page.heading}: {shown}",
                # The names weigh most in the first section, so a search for a
                # therapy's name leads to the top of its page.
                title=f"{shown_label}. {names}" if first else shown_label,
                subtitle=names,
                body=text,
            )
        )
    return entries


def _sentence(text: str) -> str:
    """A part that ends as a sentence, so that an excerpt across two parts reads
    as two ("… (corticosteroide). La metilprednisolona …")."""
    text = text.rstrip()
    return text if text.endswith((".", "!", "?", ":", "…")) else f"{text}."


def _side_effects(page: Drug) -> str:
    """The side effects as sentences in the active language (a translation's own)."""
    effects = getattr(page, "translated_side_effects", None)
    if effects is None:
        return side_effects_text(page)
    bands: dict[str, list[str]] = {}
    for effect in effects:
        bands.setdefault(str(effect.get_frequency_display()), []).append(effect.effect)
    return "\n".join(f"{band}: {', '.join(names)}." for band, names in bands.items())


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
    signed = (
        AnswerTranslation.objects.filter(is_current=True, question__in=Question.objects.published())
        .select_related("question")
        .order_by("pk")
    )
    for chunk in _chunks(signed.iterator(chunk_size=1000), 1000):
        _store([_translation_entry(t.question, t) for t in chunk])
    for drug_id in Drug.objects.published().values_list("pk", flat=True):
        drug_changed(drug_id)
    _analyze()
    if related:
        related_rebuild(progress=progress)
    # Cached pages show the old related Q&As, searches the old index.
    content_changed()
    return SearchEntry.objects.count()


def _chunks(items: Iterable[AnswerTranslation], size: int) -> Iterable[list[AnswerTranslation]]:
    batch: list[AnswerTranslation] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _analyze() -> None:
    """Fresh planner statistics for the index just written (PostgreSQL). With
    those of an empty index, as after a bulk load, the planner takes a word in
    half the answers for a rare one and reads every match instead of walking
    the newest: each related-Q&A ranking then took a third of a second, not
    milliseconds. ANALYZE counts the rows this transaction wrote."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {SearchEntry._meta.db_table}, {Term._meta.db_table}")
