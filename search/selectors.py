"""Reads of search: the results page, "Did you mean …?", similar questions
while asking, related Q&As and likely duplicates at triage."""

from __future__ import annotations

import difflib
import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import CharField, Value
from django.db.models.functions import Concat

from core.cache import cache_call, cached_by_generation, current_and, held_by_generation
from drugs.models import Drug, DrugTranslation
from questions.deidentify import common_words
from questions.models import Question

from .backends import backend
from .languages import STOP_WORDS as STOP_WORDS_OF
from .languages import fold, folds_accents, searched_language
from .models import SearchEntry, Synonym, Term, split_terms
from .query import WORD, ParsedQuery, any_of, clean, parse, words_of
from .results import Hit, Results
from .stop_words import ENGLISH as STOP_WORDS

ANSWER, DRUG = SearchEntry.Kind.ANSWER, SearchEntry.Kind.DRUG_SECTION
THERAPY_SECTIONS_SHOWN = 6
# Above the answers when the query names a therapy: few, so the answers about
# it are still among the first results.
THERAPY_SECTIONS_LEADING = 2
# Fewer results than this for all of several words is a thin page, often one
# drug section: results with some of the words are added after them.
FEW_RESULTS = 3
SIMILAR_SHOWN = 5
_MAX_CORRECTED_WORDS = 4
# How alike a typed word and a therapy's name are for the word to be taken as it.
_DRUG_NAME_LIKENESS = 0.85
# Up to this length a word is fixed only when one slip of the keys away.
_SHORT_WORD = 5


@dataclass(frozen=True)
class Vocabulary:
    """What the query's words are read with, until the published text changes."""

    # Each term (lower case) and every term of the groups it belongs to,
    # but for the terms so common that expanding to them matches most entries.
    synonyms: dict[str, list[str]]
    # Every name of a published therapy, and every term of a group that holds one.
    drug_terms: frozenset[str]


def _compute_vocabulary(language: str) -> Vocabulary:
    names = Concat(
        "generic_name",
        Value(","),
        "display_name",
        Value(","),
        "brand_names",
        Value(","),
        "biosimilars",
        Value(","),
        "other_names",
        output_field=CharField(),
    )
    # The groups and the therapies' names in one query.
    union = (
        Synonym.objects.filter(language=language)
        .order_by()
        .annotate(is_drug=Value(False))
        .values_list("terms", "is_drug")
        .union(
            Drug.objects.published()
            .order_by()
            .annotate(names=names, is_drug=Value(True))
            .values_list("names", "is_drug"),
            all=True,
        )
    )
    rows: list[tuple[str, bool]] = list(union)
    if language != settings.LANGUAGE_CODE:
        # The names readers use in the language, from the signed translations.
        rows += [
            (f"{texts.get('display_name', '')},{texts.get('other_names', '')}", True)
            for texts in DrugTranslation.objects.current(language).values_list("texts", flat=True)
        ]
    groups: dict[str, list[str]] = {}
    drug_names: set[str] = set()
    for value, is_drug in rows:
        # As the query's words are read: "solu-medrol" is "solu medrol".
        terms = [" ".join(words_of(term, language)) for term in split_terms(value)]
        terms = [term for term in dict.fromkeys(terms) if term]
        if is_drug:
            drug_names.update(terms)
            continue
        for term in terms:
            merged = groups.setdefault(term, [])
            merged += [t for t in terms if t not in merged]
    # People run a name's words together ("solumedrol", "breastmilk"): the
    # run-together form finds the group too.
    for term in [t for t in groups if " " in t]:
        groups.setdefault(term.replace(" ", ""), groups[term])
    for term in [t for t in drug_names if " " in t]:
        drug_names.add(term.replace(" ", ""))
    # A therapy's name is never an everyday word, however few entries there are.
    common = backend(language).common_terms(
        sorted({t for t in groups if t not in drug_names and _may_be_common(t, language)})
    )
    synonyms = {
        term: [t for t in group if t == term or t not in common] for term, group in groups.items()
    }
    drug_terms = set(drug_names)
    for term in drug_names:
        drug_terms.update(synonyms.get(term, []))
    return Vocabulary(synonyms, frozenset(drug_terms))


def _may_be_common(term: str, language: str) -> bool:
    # Two meaningful words together are never in most entries; one may be,
    # and a phrase of one with ignored words is that one to PostgreSQL.
    return len([w for w in term.split() if w not in STOP_WORDS_OF[language]]) <= 1


def vocabulary(language: str | None = None) -> Vocabulary:
    """The vocabulary of searches in `language` (the page's unless given)."""
    language = searched_language(language)
    return held_by_generation(
        f"vocabulary:{language}", functools.partial(_compute_vocabulary, language)
    )


def synonym_map(language: str | None = None) -> dict[str, list[str]]:
    """Each term (lower case) and every term of the groups it belongs to that
    is not in most of the entries, in `language` (the page's unless given)."""
    return vocabulary(language).synonyms


def names_a_drug(parsed: ParsedQuery, drug_terms: frozenset[str]) -> bool:
    """Whether the query names a therapy: one of its names as typed, or a term
    of a synonym group that holds one of its names."""
    typed = f" {' '.join(parsed.typed_terms())} "
    if any(alternative in drug_terms for c in parsed.positive for alternative in c.alternatives):
        return True
    if any(f" {name} " in typed for name in drug_terms):
        return True
    return any(_a_drug_name(word, drug_terms) for word in typed.split())


# The same words come back search after search: comparing one with every name
# (difflib) took a millisecond or two. Bounded, and keyed by the names too.
@functools.lru_cache(maxsize=4096)
def _a_drug_name(word: str, drug_terms: frozenset[str]) -> bool:
    # Plainly one, misspelt ("tysabry"): the stemmer may find it as typed,
    # so no spelling fix is made to tell.
    return len(word) >= 5 and bool(
        difflib.get_close_matches(word, drug_terms, n=1, cutoff=_DRUG_NAME_LIKENESS)
    )


def the_topic(parsed: ParsedQuery, drug_terms: frozenset[str]) -> ParsedQuery | None:
    """The clauses of a query that names a therapy which name none ("dose" in
    "rituximab dose"), or None when there are no such clauses or no others."""
    topic = [
        c
        for c in parsed.positive
        if not (
            any(a in drug_terms for a in c.alternatives)
            or _a_drug_name(c.alternatives[0], drug_terms)
        )
    ]
    if not topic or len(topic) == len(parsed.positive):
        return None
    return ParsedQuery(topic)


@dataclass
class Found:
    query: str
    answers: Results
    # The drug sections found, best first; the first few are shown (`therapies`).
    sections: Results | None = None
    # Set when nothing matched what was typed and a spelling fix did.
    corrected: str = ""
    # A spelling fix to offer when even that found nothing.
    suggestion: str = ""
    # Nothing had every word: these have some of them.
    relaxed: bool = False
    # Words no published text has, searched without (as typed, or as fixed).
    left_out: list[str] = field(default_factory=list)
    # The query names a therapy: its drug sections come before the answers.
    drugs_lead: bool = False
    # Only this many results had every word; results with some follow them.
    widened_from: int = 0
    # Reads the rows of the first answers and of the drug sections shown, in
    # one round trip: called once the search that is shown is known, so that
    # no excerpt is made for a search tried and set aside (a thin page widened).
    read_first: Callable[[int], None] = field(default=lambda shown: None, repr=False)

    @functools.cached_property
    def therapies(self) -> list[Hit]:
        """The drug sections shown, best first."""
        return list(self.sections[:THERAPY_SECTIONS_SHOWN]) if self.sections else []

    @property
    def total(self) -> int:
        """Answers found (as far as they are ranked: engine.RANKED_AT_MOST) and drug
        sections shown, from the ranking alone: no row is read."""
        sections = len(self.sections) if self.sections else 0
        return self.answers.count() + min(sections, THERAPY_SECTIONS_SHOWN)

    @property
    def leading_therapies(self) -> list[Hit]:
        """The drug sections shown above the answers: the best few, when the
        query names a therapy, so that the answers about it stay in sight."""
        return self.therapies[:THERAPY_SECTIONS_LEADING] if self.drugs_lead else []

    @property
    def other_therapies(self) -> list[Hit]:
        """The drug sections shown below the answers."""
        return self.therapies[len(self.leading_therapies) :]


def _run(query: str, parsed: ParsedQuery, *, every: bool, names_drug: bool, **notes: Any) -> Found:
    """The answers and drug sections of `parsed`, as `Found` with `notes`;
    drug sections lead when the query names a therapy. Reads the ranking
    when asked for a count; rows when asked (`Found.read_first`)."""
    engine = backend()
    # Every section of a therapy's page has its names: the other words decide
    # which section is about what was asked.
    topic = the_topic(parsed, vocabulary().drug_terms) if names_drug else None
    found = engine.results_by_kind(parsed, [ANSWER, DRUG], every=every, topic=topic)

    def read_first(shown: int) -> None:
        if parsed:  # the page's answers and the drug sections: one read
            engine.prefetch(
                parsed, found, {ANSWER: shown, DRUG: THERAPY_SECTIONS_SHOWN}, every=every
            )

    return Found(
        query, found[ANSWER], found[DRUG], drugs_lead=names_drug, read_first=read_first, **notes
    )


def find(typed: str, *, shown: int = 0) -> Found:
    """Answers (for a paginator) and drug sections for what was typed; the
    first `shown` answers are read with the drug sections. When nothing has
    every word, a spelling fix is tried, then the words the published text
    has (saying which were left out), then any of them."""
    found = _best(typed)
    found.read_first(shown)
    return found


def _best(typed: str) -> Found:
    query = clean(typed)
    words = vocabulary()
    parsed = parse(query, words.synonyms)
    names_drug = names_a_drug(parsed, words.drug_terms)
    found = _run(query, parsed, every=True, names_drug=names_drug)
    if not parsed:
        return found
    if found.total:
        return _widened_if_thin(found, parsed)
    fixed, _ = spelling_fix(query)
    if fixed:
        corrected = parse(fixed, words.synonyms)
        names_drug = names_a_drug(corrected, words.drug_terms)
        found = _run(query, corrected, every=True, names_drug=names_drug, corrected=fixed)
        if found.total:
            return _widened_if_thin(found, corrected)
    relaxed = parse(fixed or query, words.synonyms)
    kept, left_out = _in_published_text(relaxed)
    if kept.positive and left_out:
        found = _run(
            query, kept, every=True, names_drug=names_drug, corrected=fixed, left_out=left_out
        )
        if found.total:
            return found
    if len(kept.positive) > 1:
        found = _run(
            query,
            kept,
            every=False,
            names_drug=names_drug,
            relaxed=True,
            corrected=fixed,
            left_out=left_out,
        )
        if found.total:
            return found
    # Nothing found: the last search's empty results, and the fix to offer.
    return Found(
        query, found.answers, found.sections, suggestion=fixed, read_first=found.read_first
    )


def _widened_if_thin(found: Found, parsed: ParsedQuery) -> Found:
    """`found`, or when fewer than FEW_RESULTS have all of several words, the
    results with some of them: those with every word still come first, since
    they have the most words."""
    if found.total >= FEW_RESULTS or len(parsed.positive) < 2:
        return found
    wider = _run(
        found.query,
        parsed,
        every=False,
        names_drug=found.drugs_lead,
        corrected=found.corrected,
        widened_from=found.total,
    )
    return wider if wider.total > found.total else found


def _in_published_text(parsed: ParsedQuery) -> tuple[ParsedQuery, list[str]]:
    """The query without the clauses no entry has (any of their terms), and
    those clauses' words as typed: asked of the index, in one query, since a
    synonym's words are known words without being in any published text."""
    found = backend().clauses_found(parsed.positive)
    missing = [c for c, has in zip(parsed.positive, found, strict=True) if not has]
    kept = [c for c in parsed.clauses if not any(c is m for m in missing)]
    return ParsedQuery(kept), [c.alternatives[0] for c in missing]


def spelling_fix(query: str) -> tuple[str, bool]:
    """The query with unknown words replaced by the closest known word ("" if
    none was), and whether a word is left that no published text has."""
    language = searched_language()
    stop_words = STOP_WORDS_OF[language]
    words = [
        w for w in words_of(query, language) if w.isalpha() and len(w) >= 4 and w not in stop_words
    ]
    if not words:
        return "", False
    # The same misspellings come again and again ("ocrevis"): the fixes for a
    # set of words are kept until the published text, and so the words, change.
    words = list(dict.fromkeys(words))
    digest = hashlib.sha256(" ".join(words).encode()).hexdigest()
    fixes, left = cached_by_generation(
        f"spelling:{language}:{digest}", lambda: _closest_known(words, language)
    )
    if not fixes:
        return "", left
    return fixed_query(query, fixes, language), left


def fixed_query(query: str, fixes: dict[str, str], language: str) -> str:
    """The query with each misspelt word replaced, everything else as typed:
    a minus, quotes and "or" keep their meaning ("ocrevis -covid" is
    "ocrevus -covid"). Lower case, and folded in a language read without accents."""
    text = query.lower()
    if folds_accents(language):
        text = fold(text)
    return WORD.sub(lambda found: fixes.get(found.group(0), found.group(0)), text)


def _closest_known(words: list[str], language: str) -> tuple[dict[str, str], bool]:
    known = set(
        Term.objects.filter(language=language, word__in=words).values_list("word", flat=True)
    )
    known |= {w for term in synonym_map(language) for w in term.split()}
    engine = backend(language)
    fixes = {}
    unknown = [w for w in words if w not in known]
    # An everyday word is spelt right: swapped for another ("switching" for
    # "scorching") it would show answers to a question nobody asked, where
    # leaving it out says so on the page and counts the miss. (An English list.)
    everyday = common_words() if language == settings.LANGUAGE_CODE else frozenset()
    misspelt = [w for w in unknown if w not in everyday]
    for word in misspelt[:_MAX_CORRECTED_WORDS]:
        closest = engine.closest_word(word)
        if closest and closest != word and is_a_typo_of(word, closest):
            fixes[word] = closest
    return fixes, len(fixes) < len(unknown)


def is_a_typo_of(typed: str, known: str) -> bool:
    """Whether a slip of the keys turns `known` into `typed`: one letter wrong,
    missing, extra or two swapped in a short word, two in a longer one.
    "fatique" is "fatigue"; "sweltering" is not "swelling" (three apart),
    however alike the two look to trigrams or difflib."""
    allowed = 1 if len(typed) <= _SHORT_WORD else 2
    return _edits(typed, known, allowed + 1) <= allowed


def _edits(a: str, b: str, give_up: int) -> int:
    """Letters to change, add, drop or swap (adjacent) to make `a` into `b`,
    or `give_up` once it is clear there are at least that many."""
    if abs(len(a) - len(b)) >= give_up:
        return give_up
    before: list[int] = []
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, y in enumerate(b, 1):
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (x != y))
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) >= give_up:
            return give_up
        before, row = row, current
    return min(row[-1], give_up)


def similar_published(
    text: str, *, exclude: int | None = None, limit: int = SIMILAR_SHOWN
) -> list[Hit]:
    """Published Q&As most like a text (any of its words, best first)."""
    parsed = any_of(text, synonym_map())
    hits = backend().results(parsed, kind=ANSWER, every=False, excerpts=False)[: limit + 1]
    return [hit for hit in hits if hit.question_id != exclude][:limit]


def similar_while_asking(subject: str, question: str) -> list[Hit]:
    """For the ask page: cached under a hash of the normalised text (never the
    text itself), until the published content changes; read with the content's
    generation in one round trip, as the patient types."""
    language = searched_language()
    normalised = " ".join(words_of(f"{subject} {question}", language))
    if len(normalised) < 8:
        return []
    digest = hashlib.sha256(normalised.encode()).hexdigest()
    key = f"similar-of-generation:{language}:{digest}"
    # A cache that is down costs speed, never the page.
    current, stored = current_and(key)
    if stored is not None and stored[0] == current:
        return stored[1]
    hits = similar_published(f"{subject} {subject} {question}")
    cache_call("set", key, (current, hits), 600)
    return hits


def related_candidates(question_id: int, *, limit: int) -> list[int]:
    """Ids of published Q&As like this one, best first (for search.index)."""
    entry = (
        SearchEntry.objects.filter(question_id=question_id, language=settings.LANGUAGE_CODE)
        .only("title", "subtitle")
        .first()
    )
    if entry is None:
        return []
    return related_ranked(question_id, entry.title, entry.subtitle, limit=limit)


def related_ranked(question_id: int, title: str, subtitle: str, *, limit: int) -> list[int]:
    """Ids of published Q&As like the one with this indexed title and question,
    best first: one ranking query (a rebuild reads the texts of many at once).
    By the English text: a Q&A page in another language shows those of its
    related Q&As that are translated (`related_questions`)."""
    english = settings.LANGUAGE_CODE
    parsed = any_of(f"{title} {title} {subtitle}", synonym_map(english), language=english)
    ranked = backend(english).results(parsed, kind=ANSWER, every=False).question_ids()[: limit + 1]
    return [pk for pk in ranked if pk is not None and pk != question_id][:limit]


def related_questions(question: Question) -> list[Question]:
    """The Q&A page's related Q&As: stored when published, one query, at most
    five; on a page in another language, those translated into it, with their
    titles in it (`Question.titles`)."""
    related = (
        Question.objects.titles()
        .filter(related_to__question=question)
        .order_by("related_to__position")
    )
    return list(related)


WAITING = (
    Question.Status.NEW,
    Question.Status.ASSIGNED,
    Question.Status.AWAITING_SIGNOFF,
    Question.Status.SIGNED_OFF,
)
_WAITING_COMPARED = 300


@dataclass(frozen=True)
class Waiting:
    pk: int
    title: str
    status: str


def similar_waiting(question: Question, *, limit: int = SIMILAR_SHOWN) -> list[Waiting]:
    """Questions still in the workflow that share the most words with this one.

    They are not in the search index (not public), and the queue is short: the
    newest few hundred are compared by their shared meaningful words, here."""
    mine = _meaningful(f"{question.title} {question.body}")
    if not mine:
        return []
    rows = (
        Question.objects.filter(status__in=WAITING)
        .exclude(pk=question.pk)
        .order_by("-submitted_at")
        .values_list("pk", "title", "body", "status")[:_WAITING_COMPARED]
    )
    scored = []
    for pk, title, body, status in rows:
        theirs = _meaningful(f"{title} {body}")
        overlap = len(mine & theirs) / (len(mine | theirs) or 1)
        if overlap >= 0.12:
            scored.append((overlap, Waiting(pk, title, Question.Status(status).label)))
    scored.sort(key=lambda pair: -pair[0])
    return [waiting for _, waiting in scored[:limit]]


def _meaningful(text: str) -> set[str]:
    synonyms = synonym_map()
    words = set()
    for w in words_of(text):
        if len(w) > 2 and w not in STOP_WORDS:
            # A word and its synonyms count as one: the group's first term.
            words.add(synonyms.get(w, [w])[0] if w in synonyms else w.rstrip("s"))
    return words
