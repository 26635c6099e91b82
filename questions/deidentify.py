"""What in a patient's text looks identifying, for the moderator who writes the
public version and the clinician who signs it: their own name and email, any
email, phone number, URL, street address, exact date, year, age, and
capitalised words that are neither medical vocabulary nor a therapy or
category name (people and places).

Hand-written because the job is narrow and must run on every triage page:
a general NER library would be large, slow and still miss "Springfield".

Two passes. Patterns first (emails, addresses, dates, years…); then runs of
capitalised words, each judged as a whole: "St. Mary's Hospital" is one place,
"Dr Mark Rose" one person. A word opening a sentence is capitalised by
grammar, not because it is a name, so there an everyday word ("Eye", "Last",
"Desde") is let through, unless it stands before a place word ("Mayo Clinic").
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:  # a development dependency: only its type is named
    from django_stubs_ext import StrOrPromise

# Legend order; the label is shown after each highlighted word. An overlap
# between two patterns goes to the longer stretch, then to the kind listed first.
KINDS: dict[str, StrOrPromise] = {
    "name": _("the patient's name"),
    "email": _("email address"),
    "url": _("web address"),
    "date": _("exact date"),
    "phone": _("phone number"),
    "address": _("street address"),
    "age": _("age"),
    "year": _("year (of a diagnosis, a move, an event)"),
    "person": _("someone's name (after Dr, Mr, Mrs…)"),
    "place": _("place (town, hospital, clinic, county)"),
    "proper": _("capitalised word not in the medical vocabulary (a name or place?)"),
}
SHORT: dict[str, StrOrPromise] = {
    "name": _("name"),
    "email": _("email"),
    "phone": _("phone"),
    "url": _("web address"),
    "address": _("address"),
    "date": _("date"),
    "age": _("age"),
    "year": _("year"),
    "person": _("person"),
    "place": _("place"),
    "proper": _("name or place?"),
}


def _opening(words: str) -> str:
    """A regex for one of `words` (space-separated, as written) starting a word.
    It opens with a character class, then looks back for the word boundary:
    Python's engine then jumps straight to the candidate capitals, several times
    faster than a leading \\b over a long text."""
    listed = sorted(words.split(), key=len, reverse=True)
    head = "[" + "".join(sorted({w[0] for w in listed})) + "]"
    rest = "|".join(f"(?<={re.escape(w[0])}){re.escape(w[1:])}" for w in listed)
    return rf"{head}(?<!\w{head})(?:{rest})\b"


_MONTH = _opening(
    "January Jan February Feb March Mar April Apr May June Jun July Jul August Aug "
    "September Sept Sep October Oct November Nov December Dec"
)
_MES = (
    r"\b(?i:enero|febrero|marzo|abril|mayo|junio|julio|agosto|se?ptiembre|octubre|"
    r"noviembre|diciembre)\b"
)
_YEAR = r"(?:19|20)\d{2}"
# Lower-case suffixes count too: patients write "5th street" and "main st".
_SUFFIX = (
    r"(?:street|st|road|rd|avenue|ave|av|lane|ln|drive|dr|boulevard|blvd|court|ct|way|"
    r"place|pl|close|crescent|terrace|square|sq|highway|hwy|parkway|pkwy|circle|cir)"
)
# A word that cannot be part of a street's name: "I walk 2 miles on the road".
_NOT_STREET = (
    r"(?!(?i:on|the|a|an|to|in|of|at|my|and|or|per|every|each|down|up|along|across|"
    r"from|by|with|for|this|that|times?|miles?|km|blocks?|minutes?|hours?|days?|weeks?|"
    r"months?|years?|ago|lesions?|doses?|pills?|tablets?|mg)\b)"
)
# Amounts that look like a year: "2000 IU of vitamin D".
_UNIT = (
    r"(?:iu|ui|mg|mcg|µg|ug|ml|mm|cm|m|km|kcal|calories|units?|unidades|steps|pasos|"
    r"cells|células|words|palabras|ft|feet|meters|metres|metros)"
)
# One pattern per shape. This runs on every triage page, over texts of thousands
# of characters: a pattern either opens with a character class (the regex engine
# then skips straight to where it can start) or names the words it needs.
_DIGIT = r"[0-9](?<!\w[0-9])"  # a digit that starts a word


@dataclass(frozen=True)
class _Shape:
    kind: str
    pattern: re.Pattern[str]
    # Skip the pattern unless the lower-cased text holds one of these: cheaper
    # than letting the engine try a case-insensitive word at every letter.
    needs: tuple[str, ...] = ()


_SHAPES: list[_Shape] = [
    _Shape("email", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), ("@",)),
    _Shape(
        "url",
        re.compile(r"\b(?i:https?://|www\.)[^\s<>\"]*[^\s<>\".,;:!?)]"),
        ("http", "www."),
    ),
    _Shape("phone", re.compile(r"[+0-9](?<![\w/][+0-9])[\d ().-]{6,}\d(?!\w)")),
    # 12 Baker Street, 123 main street, 4 Elm Rd
    _Shape(
        "address",
        re.compile(
            rf"{_DIGIT}\d{{0,4}}[A-Za-z]?\s+(?:{_NOT_STREET}[A-Za-z][\w'’-]*\s+){{1,3}}"
            rf"(?i:{_SUFFIX})\b"
        ),
    ),
    # 5th street, on 5th St, 42nd Ave
    _Shape("address", re.compile(rf"{_DIGIT}\d{{0,2}}(?:st|nd|rd|th)\s+(?i:{_SUFFIX})\b")),
    # Calle 8, Avenida de la Paz 12, Carrera 7 # 45-10, Route 66
    _Shape(
        "address",
        re.compile(
            r"\b(?i:calle|avenida|avda|av|carrera|cra|paseo|camino|carretera|rua|rue|route|"
            r"interstate)\.?\s+"
            r"(?:\d{1,4}[A-Za-z]?|(?:(?:de|del|la|los|las|el)\s+){0,2}"
            r"[A-ZÁÉÍÓÚÑ][\w'’-]*(?:\s+(?:(?:de|del|la|los|las|el)\s+){0,2}[A-ZÁÉÍÓÚÑ][\w'’-]*){0,2})"
            r"(?:\s*(?:#|No\.?|nº|n°)?\s*\d{1,5}[A-Za-z]?(?:\s*-\s*\d{1,4})?)?"
        ),
        ("calle", "av", "carrera", "cra", "paseo", "camino", "carretera", "ru", "interstate"),
    ),
    # P.O. Box 123, apartado 45
    _Shape(
        "address",
        re.compile(r"\b(?i:p\.?\s?o\.?\s+box|apartado(?:\s+postal)?)\s+\d+"),
        ("box", "apartado"),
    ),
    # UK postcode: SW1A 1AA
    _Shape("address", re.compile(r"[A-Z](?<!\w[A-Z])[A-Z]?\d[A-Z\d]?\s+\d[A-Z]{2}\b")),
    # 2024-03-12, 03/12/2024, 3.12.24
    _Shape("date", re.compile(rf"{_DIGIT}\d{{3}}-\d{{1,2}}-\d{{1,2}}\b")),
    _Shape("date", re.compile(rf"{_DIGIT}\d?[/.]\d{{1,2}}[/.]\d{{2,4}}\b")),
    # 10/2019: a month and a year
    _Shape("date", re.compile(rf"{_DIGIT}\d?/{_YEAR}\b")),
    # March 3rd, 2024; March 2019; March of 2019
    _Shape(
        "date",
        re.compile(
            rf"{_MONTH}\.?(?:\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b"
            rf"|,?\s+(?:of\s+)?{_YEAR}\b)"
        ),
    ),
    # 3 March 2024, 3rd of March
    _Shape(
        "date",
        re.compile(rf"{_DIGIT}\d?(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?"),
    ),
    # 3 de marzo (de 2019), marzo de 2019
    _Shape("date", re.compile(rf"{_DIGIT}\d?\s+de\s+{_MES}(?:\s+del?\s+\d{{4}})?")),
    _Shape("date", re.compile(rf"{_MES}\s+del?\s+{_YEAR}\b"), (" de 19", " de 20", " del 20")),
    # 34 years old, 34-year-old, 34 yo; 34 años de edad
    _Shape(
        "age",
        re.compile(
            rf"{_DIGIT}\d{{0,2}}(?:[- ]?(?i:years?|yrs?)[- ](?i:old)\b|\s?(?i:yo|y/o)\b"
            r"|\s+años\s+de\s+edad\b)"
        ),
    ),
    # I am 34, I'm 34, aged 34, tengo 34 años
    _Shape(
        "age",
        re.compile(
            r"\b(?i:aged?)\s+\d{1,3}\b|[Ii](?<!\w[Ii])(?: am|'m|’m)\s+\d{1,3}\b"
            r"|\b(?i:tengo)\s+\d{1,3}\s+años\b"
        ),
        ("age", "i am", "i'm", "i’m", "tengo"),
    ),
    # 2019, 1998 (not 2000 IU, 3.2019, CD2019)
    _Shape(
        "year",
        re.compile(
            rf"[12](?<![\w/:$£€][12])(?<!\d[.,][12])(?:(?<=1)9|(?<=2)0)\d{{2}}"
            rf"(?![\w]|[.,]\d|\s*(?i:{_UNIT})\b)"
        ),
    ),
    # '19 and ’19 as patients shorten a year
    _Shape("year", re.compile(r"['’](?<![\w'’]['’])\d{2}\b(?!['’])")),
]
# "2019-2021" is two years, not a phone number.
_YEAR_RANGE = re.compile(rf"{_YEAR}\s*[-–]\s*(?:{_YEAR}|\d{{2}})")
_YEAR_ONLY = re.compile(_YEAR)

# A capitalised word, apostrophes and hyphens inside ("Mary's", "COVID-19"), in
# Latin script. It opens with a character class for speed (see `_opening`).
_CAPITALISED = re.compile(r"[A-ZÀ-ÖØ-Þ](?<![\w'’-][A-ZÀ-ÖØ-Þ])(?:[\w'’-]*\w)?")
# What may stand between two words of one name: "San Diego", "University of Texas".
_JOIN = re.compile(r"[ \t\u00a0]+(?:(?:of|de|del|la|las|los|y|and)[ \t\u00a0]+)?")
_WORD_BEFORE = re.compile(r"([^\W\d_][\w'’-]*)[ \t\u00a0]+\Z")
# Abbreviations whose full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    {"dr", "dra", "mr", "mrs", "ms", "mx", "prof", "sr", "sra", "srta", "st", "mt", "ft", "jr"}
    | {"vs", "approx", "nº", "av", "avda", "e.g", "i.e", "ej"}
)
# Case-sensitive so that "MS" (the disease) is not read as "Ms".
_TITLES = frozenset(
    {"Dr", "Dra", "Mr", "Mrs", "Ms", "Mx", "Prof", "Sr", "Sra", "Srta", "Doctor", "Doctora"}
    | {"Professor", "Nurse", "Doña", "Señor", "Señora"}
)
# Words that make a capitalised run a place: "Cook County", "Mayo Clinic".
_PLACE_WORDS = frozenset(
    {"county", "clinic", "clinics", "hospital", "hospitals", "infirmary", "institute"}
    | {"university", "college", "school", "centre", "center", "church", "parish", "city"}
    | {"town", "township", "village", "valley", "beach", "lake", "hills", "heights", "springs"}
    | {"falls", "park", "province", "state", "district", "borough", "island", "bay"}
    | {"clínica", "hospitalario", "universidad", "colegio", "ciudad", "pueblo", "provincia"}
    | {"condado", "municipio", "barrio", "colonia", "centro", "sanatorio", "instituto"}
)
# Capitalised street suffixes (a number before them is a pattern's job).
_STREET_WORDS = frozenset(
    {"street", "road", "avenue", "lane", "boulevard", "drive", "highway", "st", "rd", "ave"}
    | {"ln", "blvd", "hwy"}
)
# Words that open a place's name: "St. Mary's", "San Diego", "Mount Sinai".
_PLACE_PREFIXES = frozenset(
    {"st", "saint", "ste", "san", "santa", "santo", "são", "mount", "mt", "fort", "ft", "port"}
    | {"lake", "new", "north", "south", "east", "west", "upper", "lower", "great", "little"}
)
_NAMING_A_PLACE = _PLACE_PREFIXES | _PLACE_WORDS
# Words after which a capitalised word is most likely a place: "I live in Springfield".
_PLACE_PREPOSITIONS = frozenset(
    {"in", "from", "near", "outside", "around", "at", "to", "towards", "en", "desde"}
    | {"cerca", "hacia", "de"}
)
_SENTENCE_ENDS = frozenset(".!?:;…\n")
# Skipped when looking back for the end of the previous sentence.
_OPENERS = frozenset(" \t\r\"'“‘(¿¡[*•>#-–—")

_DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Finding:
    start: int
    end: int
    kind: str


def _read_words(filename: str) -> frozenset[str]:
    lines = (_DATA / filename).read_text(encoding="utf-8").splitlines()
    return frozenset(
        line.strip().lower() for line in lines if line.strip() and not line.startswith("#")
    )


def _unaccented(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


@cache
def _listed_words() -> frozenset[str]:
    """The MS vocabulary, each word also without its accents: a patient typing
    on a phone writes "Vacunacion" as often as "Vacunación". (Not the everyday
    words: there a name typed without its accent could meet one.)"""
    words = _read_words("ms_vocabulary.txt")
    return words | {_unaccented(word) for word in words}


# A word opening a title or sentence with one of these endings is an everyday
# word ("Breastfeeding", "Tiredness", "Vaccination") far more often than a name.
_EVERYDAY_ENDING = re.compile(r"\w{4,}(?:ing|ness|tion|sion|ment|ity|ance|ence|ism)$")


@cache
def common_words() -> frozenset[str]:
    """Everyday English and Spanish words: exempt only when they open a sentence."""
    return _read_words("common_words.txt")


# Where the names of things that are not people come from: each app adds its
# own (the categories here, the therapies in the drug reference) in its
# AppConfig.ready(), so this module imports none of them.
_known_names: list[Callable[[], Iterable[str]]] = []


def register_known_names(source: Callable[[], Iterable[str]]) -> None:
    """Add a source of names (of things, not people) whose words are never flagged."""
    if source not in _known_names:
        _known_names.append(source)


def vocabulary() -> frozenset[str]:
    """The data file's words plus every word of a therapy or category name."""
    words = set(_listed_words())
    for source in _known_names:
        for name in source():
            words.update(word.lower() for word in re.findall(r"[\w'’-]+", name))
    return frozenset(words)


def _name_words(name: str) -> list[str]:
    # A name like "May" or "Will" would otherwise flag every ordinary sentence.
    return [
        word
        for word in re.findall(r"[\w'’-]+", name)
        if len(word) >= 2 and word.lower() not in _listed_words()
    ]


def _pattern_findings(text: str, name: str, email: str) -> list[Finding]:
    found: list[Finding] = []
    lowered = text.lower()
    if email and email.lower() in lowered:
        found += [
            Finding(m.start(), m.end(), "email")
            for m in re.finditer(re.escape(email), text, re.IGNORECASE)
        ]
    for word in _name_words(name):
        if word.lower() in lowered:
            found += [
                Finding(m.start(), m.end(), "name")
                for m in re.finditer(rf"\b{re.escape(word)}\b", text, re.IGNORECASE)
            ]
    for shape in _SHAPES:
        if shape.needs and not any(n in lowered for n in shape.needs):
            continue
        kind = shape.kind
        for m in shape.pattern.finditer(text):
            if kind == "phone" and _YEAR_RANGE.fullmatch(m.group()):
                found += [
                    Finding(m.start() + y.start(), m.start() + y.end(), "year")
                    for y in _YEAR_ONLY.finditer(m.group())
                ]
                continue
            found.append(Finding(m.start(), m.end(), kind))
    order = list(KINDS)
    found.sort(key=lambda f: (-(f.end - f.start), order.index(f.kind)))
    kept: list[Finding] = []
    # Kept stretches never overlap, so sorted by start they are sorted by end too.
    starts: list[int] = []
    ends: list[int] = []
    for f in found:
        at = bisect_right(starts, f.start)
        if (at == 0 or ends[at - 1] <= f.start) and (at == len(starts) or f.end <= starts[at]):
            starts.insert(at, f.start)
            ends.insert(at, f.end)
            kept.append(f)
    return kept


def _opens_sentence(text: str, start: int) -> bool:
    at = start - 1
    while at >= 0 and text[at] in _OPENERS:
        at -= 1
    if at < 0 or text[at] == "\n":
        return True
    if text[at] not in _SENTENCE_ENDS:
        return False
    if text[at] == ".":
        before = re.search(r"[\w.]+$", text[max(0, at - 8) : at])
        if before and before.group().lower() in _ABBREVIATIONS:
            return False
    return True


def _bare(word: str) -> str:
    low = word.lower().replace("’", "'")
    return low[:-2] if low.endswith("'s") else low.rstrip("'")


def _listed(bare: str, pool: frozenset[str]) -> bool:
    """`bare` is in `pool`, as it is, as a plural of a listed word, or as
    listed parts joined by hyphens ("FDA-approved", "Flare-ups")."""
    if bare in pool or bare.isdigit():
        return True
    if "-" in bare:
        return all(_listed(part, pool) for part in bare.split("-") if part)
    return bare.endswith("s") and (
        bare[:-1] in pool or bare.endswith("ies") and bare[:-3] + "y" in pool
    )


def _run_findings(
    text: str, run: list[re.Match[str]], words: frozenset[str], headline: bool
) -> list[Finding]:
    """What one run of capitalised words ("Dr Mark Rose", "Cook County") may be."""
    # Everything after a title is someone's name, even a word in the vocabulary
    # ("Dr McDonald"); what came before the title is judged on its own.
    for at, m in enumerate(run):
        if m.group() in _TITLES and at + 1 < len(run):
            found = _run_findings(text, run[:at], words, headline) if at else []
            return [*found, Finding(run[at + 1].start(), run[-1].end(), "person")]
    bare = [_bare(m.group()) for m in run]
    # Baker Street, Main St: a street's name is all that stands before its suffix.
    if len(run) > 1 and bare[-1] in _STREET_WORDS:
        naming = [at for at in range(len(run) - 1) if not _listed(bare[at], words)]
        if naming:
            return [Finding(run[naming[0]].start(), run[-1].end(), "address")]
    has_place_word = any(b in _PLACE_WORDS for b in bare)

    def unknown(at: int) -> bool:
        # "Clinic" or "New" alone names nothing; they widen a mark (below).
        b = bare[at]
        if b in _NAMING_A_PLACE or _listed(b, words):
            return False
        # An everyday word right before a place word is that place's name: "Mayo Clinic".
        names_a_place = at + 1 < len(run) and bare[at + 1] in _PLACE_WORDS
        if not names_a_place and (headline or (at == 0 and _opens_sentence(text, run[0].start()))):
            return not (_listed(b, common_words()) or _EVERYDAY_ENDING.search(b))
        return True

    flagged = [at for at in range(len(run)) if unknown(at)]
    if not flagged:
        return []
    first, last = flagged[0], flagged[-1]
    # The word before, a connector included: "Soy de Valencia".
    if first:
        between = text[run[first - 1].end() : run[first].start()].split()
        previous = between[-1].lower() if between else bare[first - 1]
    else:
        before = _WORD_BEFORE.search(text, max(0, run[0].start() - 40), run[0].start())
        previous = before.group(1).lower() if before else ""
    is_place = has_place_word or previous in _PLACE_PREPOSITIONS
    # Reach back over what names the place too: "St. Mary's", "Hospital Clínico",
    # "University of Texas".
    while first and bare[first - 1] in _NAMING_A_PLACE:
        first, is_place = first - 1, True
    if is_place:
        while last + 1 < len(run) and bare[last + 1] in _PLACE_WORDS:
            last += 1
    return [Finding(run[first].start(), run[last].end(), "place" if is_place else "proper")]


def _capitalised_findings(
    text: str, taken: list[Finding], words: frozenset[str], headline: bool
) -> list[Finding]:
    # Words inside a pattern's finding ("12 Baker Street") are already marked.
    spans = sorted((f.start, f.end) for f in taken)
    starts = [start for start, _end in spans]

    def free(m: re.Match[str]) -> bool:
        at = bisect_right(starts, m.start())
        before_ok = at == 0 or spans[at - 1][1] <= m.start()
        return before_ok and (at == len(spans) or m.end() <= spans[at][0])

    tokens = [m for m in _CAPITALISED.finditer(text) if free(m)]
    found: list[Finding] = []
    i = 0
    while i < len(tokens):
        j = i
        while j + 1 < len(tokens):
            gap = text[tokens[j].end() : tokens[j + 1].start()]
            if _JOIN.fullmatch(gap) or (
                gap == ". " and tokens[j].group().lower() in _ABBREVIATIONS
            ):
                j += 1
            else:
                break
        found += _run_findings(text, tokens[i : j + 1], words, headline)
        i = j + 1
    return found


def find(
    text: str,
    *,
    name: str = "",
    email: str = "",
    words: frozenset[str],
    headline: bool = False,
) -> list[Finding]:
    """Every stretch of `text` that may identify the patient, in order, not overlapping.

    `words` is the vocabulary (see `vocabulary()`): capitalised words in it are
    never marked. Everyday words are let through where they open a sentence, and
    anywhere in a `headline`, which people write in Title Case.
    """
    taken = _pattern_findings(text, name, email)
    found = taken + _capitalised_findings(text, taken, words, headline)
    return sorted(found, key=lambda f: f.start)


def highlight(text: str, findings: list[Finding], *, paragraphs: bool = False) -> SafeString:
    """`text` escaped, each finding wrapped in <mark> with a short label; with
    `paragraphs`, blank lines make paragraphs and line breaks stay."""
    parts: list[str] = []
    at = 0
    for f in findings:
        parts.append(escape(text[at : f.start]))
        parts.append(
            f'<mark class="deid deid-{f.kind}">{escape(text[f.start : f.end])}'
            f'<span class="deid-kind"> ({escape(SHORT[f.kind])})</span></mark>'
        )
        at = f.end
    parts.append(escape(text[at:]))
    html = "".join(parts)
    if paragraphs:
        blocks = [b.strip() for b in html.replace("\r\n", "\n").split("\n\n") if b.strip()]
        html = "".join(f"<p>{b.replace(chr(10), '<br>')}</p>" for b in blocks)
    return mark_safe(html)  # noqa: S308 - every piece of text escaped above


@dataclass(frozen=True)
class PublicTextFindings:
    """The marks in the public title and question: what a clinician would sign."""

    title: str
    body: str
    title_marks: tuple[Finding, ...]
    body_marks: tuple[Finding, ...]

    def __bool__(self) -> bool:
        return bool(self.title_marks or self.body_marks)

    @property
    def marked(self) -> list[tuple[str, str]]:
        """(kind, marked words) for each mark, the title's first."""
        return [(f.kind, self.title[f.start : f.end]) for f in self.title_marks] + [
            (f.kind, self.body[f.start : f.end]) for f in self.body_marks
        ]

    @property
    def fingerprint(self) -> str:
        """sha256 (hex) of the distinct marked words, case-folded and sorted; ""
        when nothing is marked. Moving or repeating a confirmed mark keeps it;
        a new marked word changes it, so an old confirmation no longer counts."""
        if not self:
            return ""
        distinct = sorted({" ".join(text.split()).casefold() for _kind, text in self.marked})
        return hashlib.sha256("\n".join(distinct).encode()).hexdigest()

    def title_html(self) -> SafeString:
        return highlight(self.title, list(self.title_marks))

    def body_html(self) -> SafeString:
        return highlight(self.body, list(self.body_marks), paragraphs=True)


def public_text_findings(
    title: str, body: str, *, name: str = "", email: str = "", words: frozenset[str]
) -> PublicTextFindings:
    """What may still identify the patient in the public title and question text.

    `name` and `email` are the patient's (from their submission, "" if none);
    `words` is `vocabulary()`, fetched once per page.
    """
    return PublicTextFindings(
        title=title,
        body=body,
        title_marks=tuple(find(title, name=name, email=email, words=words, headline=True)),
        body_marks=tuple(find(body, name=name, email=email, words=words)),
    )


def names_the_patient(text: str, *, name: str, email: str) -> str:
    """ "email" or "name" if `text` still contains the patient's own, else ""."""
    if email and email.lower() in text.lower():
        return "email"
    for word in _name_words(name):
        for match in re.finditer(rf"\b{re.escape(word)}\b", text, re.IGNORECASE):
            # Only as a name is written: "my EDSS rose" or "an X-ray" must not
            # block an answer of a patient called Rose or Ray.
            if match.group()[0].isupper() and text[match.start() - 1 : match.start()] != "-":
                return "name"
    return ""
