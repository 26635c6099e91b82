"""What in a patient's text looks identifying, for the moderator who writes the
public version: their own name and email, any email, phone number, URL,
street address, exact date or age, and capitalised words that are neither
medical vocabulary nor a therapy or category name (likely names and places).

Hand-written because the job is narrow and must run on every triage page:
a general NER library would be large, slow and still miss "Springfield".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Legend order; the label is shown after each highlighted word.
KINDS: dict[str, str] = {
    "name": "the patient's name",
    "email": "email address",
    "url": "web address",
    "date": "exact date",
    "phone": "phone number",
    "address": "street address",
    "age": "age",
    "proper": "capitalised word not in the medical vocabulary (a name or place?)",
}
SHORT = {
    "name": "name",
    "email": "email",
    "phone": "phone",
    "url": "web address",
    "address": "address",
    "date": "date",
    "age": "age",
    "proper": "name or place?",
}

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("email", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),
    ("url", re.compile(r"\b(?:https?://|www\.)[^\s<>\"]*[^\s<>\".,;:!?)]", re.IGNORECASE)),
    ("phone", re.compile(r"(?<![\w/])\+?\d[\d ().-]{6,}\d(?!\w)")),
    (
        "address",
        re.compile(
            r"\b\d{1,5}[A-Za-z]?\s+(?:[A-Z][\w'-]*\s+){1,3}"
            r"(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Boulevard|Blvd|Court|Ct|"
            r"Way|Place|Pl|Close|Crescent|Terrace|Square)\b"
        ),
    ),
    (
        "date",
        re.compile(
            r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b"
            rf"|\b{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b"
            rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\b(?:,?\s+\d{{4}})?"
        ),
    ),
    (
        "age",
        re.compile(
            r"\b\d{1,3}[- ]?(?:years?|yrs?)[- ]old\b|\b\d{1,3}\s?(?:yo|y/o)\b"
            r"|\b(?:I am|I'm|I’m|aged?)\s+\d{1,3}\b",
            re.IGNORECASE,
        ),
    ),
]
_CAPITALISED = re.compile(r"\b[A-Z][\w'’-]*")
_VOCABULARY_FILE = Path(__file__).parent / "data" / "ms_vocabulary.txt"


@dataclass(frozen=True)
class Finding:
    start: int
    end: int
    kind: str


@cache
def _listed_words() -> frozenset[str]:
    lines = _VOCABULARY_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(
        line.strip().lower() for line in lines if line.strip() and not line.startswith("#")
    )


def vocabulary() -> frozenset[str]:
    """The data file's words plus every word of a therapy or category name."""
    from drugs.models import Drug, split_names

    from .models import Category

    words = set(_listed_words())
    names: list[str] = list(Category.objects.values_list("name", flat=True))
    for row in Drug.objects.values_list(
        "generic_name", "display_name", "brand_names", "biosimilars", "other_names"
    ):
        for value in row:
            names += split_names(value)
    for name in names:
        words.update(word.lower() for word in re.findall(r"[\w'’-]+", name))
    return frozenset(words)


def _name_words(name: str) -> list[str]:
    # A name like "May" or "Will" would otherwise flag every ordinary sentence.
    return [
        word
        for word in re.findall(r"[\w'’-]+", name)
        if len(word) >= 2 and word.lower() not in _listed_words()
    ]


def find(text: str, *, name: str = "", email: str = "", words: frozenset[str]) -> list[Finding]:
    """Every stretch of `text` that may identify the patient, in order, not overlapping."""
    found: list[Finding] = []
    if email:
        found += [
            Finding(m.start(), m.end(), "email")
            for m in re.finditer(re.escape(email), text, re.IGNORECASE)
        ]
    for word in _name_words(name):
        found += [
            Finding(m.start(), m.end(), "name")
            for m in re.finditer(rf"\b{re.escape(word)}\b", text, re.IGNORECASE)
        ]
    for kind, pattern in _PATTERNS:
        found += [Finding(m.start(), m.end(), kind) for m in pattern.finditer(text)]
    for m in _CAPITALISED.finditer(text):
        if m.group().lower().rstrip("'’") not in words:
            found.append(Finding(m.start(), m.end(), "proper"))
    # The longer stretch wins an overlap (an email over the name in it), then
    # the kind listed first in KINDS.
    order = list(KINDS)
    found.sort(key=lambda f: (-(f.end - f.start), order.index(f.kind)))
    kept: list[Finding] = []
    for finding in found:
        if all(finding.end <= k.start or finding.start >= k.end for k in kept):
            kept.append(finding)
    return sorted(kept, key=lambda f: f.start)


def highlight(text: str, findings: list[Finding], *, paragraphs: bool = False) -> SafeString:
    """`text` escaped, each finding wrapped in <mark> with a short label; with
    `paragraphs`, blank lines make paragraphs and line breaks stay."""
    parts, at = [], 0
    for f in findings:
        parts.append(escape(text[at : f.start]))
        parts.append(
            f'<mark class="deid deid-{f.kind}">{escape(text[f.start : f.end])}'
            f'<span class="deid-kind"> ({SHORT[f.kind]})</span></mark>'
        )
        at = f.end
    parts.append(escape(text[at:]))
    html = "".join(parts)
    if paragraphs:
        blocks = [b.strip() for b in html.replace("\r\n", "\n").split("\n\n") if b.strip()]
        html = "".join(f"<p>{b.replace(chr(10), '<br>')}</p>" for b in blocks)
    return mark_safe(html)  # noqa: S308 - every piece of text escaped above


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
