"""How hard an answer is to read, shown to whoever writes it: an English
answer's Flesch–Kincaid grade, a Spanish one's INFLESZ reading ease, and the
longest sentences of either. Guidance only: nothing is ever refused for its
score."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache

import silabeador
import textstat
from django.utils.html import strip_tags

GOOD_GRADE = 8
GUIDANCE = "Grade 8 or lower reads well for most people."
LONGEST_SHOWN = 3

# A sentence ends at . ! or ? followed by a space, or at the end of a block
# (a Spanish one may open with ¿ or ¡ and a capital with an accent).
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÁÉÍÓÚÑ0-9“\"(¿¡])")
_BLOCK_END = re.compile(r"</(?:p|li|h[2-4]|blockquote)>|<br\s*/?>", re.IGNORECASE)


@dataclass(frozen=True)
class Reading:
    grade: float
    longest: list[tuple[int, str]]  # (words, sentence), longest first

    @property
    def reads_well(self) -> bool:
        return self.grade <= GOOD_GRADE


def plain_text(answer_html: str) -> str:
    """The answer's words, one block (paragraph, list item, heading) per line:
    a line break inside a paragraph is only a space to a reader."""
    text = _BLOCK_END.sub("\n", " ".join(answer_html.split()))
    return html.unescape(strip_tags(text))


def sentences(text: str) -> list[str]:
    found = []
    for block in text.splitlines():
        block = " ".join(block.split())
        found += [s for s in _SENTENCE_END.split(block) if s]
    return found


def reading(answer_html: str) -> Reading | None:
    """The grade of a sanitized answer, or None when there is nothing to read."""
    text = plain_text(answer_html)
    parts = sentences(text)
    if not parts:
        return None
    # Each block as its own sentence, so that list items without a full stop
    # do not run together into one long sentence.
    joined = " ".join(s if s[-1] in ".!?:" else f"{s}." for s in parts)
    grade = round(max(textstat.flesch_kincaid_grade(joined), 0.0), 1)
    ranked = sorted(((len(s.split()), s) for s in parts), key=lambda pair: -pair[0])
    return Reading(grade=grade, longest=ranked[:LONGEST_SHOWN])


# INFLESZ (Barrio-Cantalejo et al., 2008): the Szigriszt-Pazos perspicuity of a
# Spanish text, read on this scale.
EASY_INFLESZ = 65
INFLESZ_GUIDANCE = "65 or more reads easily for most people."
INFLESZ_BANDS = [
    (80, "very easy"),
    (65, "fairly easy"),
    (55, "normal"),
    (40, "somewhat hard"),
    (float("-inf"), "very hard"),
]
_WORD = re.compile(r"[^\W\d_]+")
_VOWEL_GROUP = re.compile(r"[aeiouáéíóúü]+", re.IGNORECASE)


@dataclass(frozen=True)
class SpanishReading:
    inflesz: float
    longest: list[tuple[int, str]]

    @property
    def reads_well(self) -> bool:
        return self.inflesz >= EASY_INFLESZ

    @property
    def band(self) -> str:
        return next(name for floor, name in INFLESZ_BANDS if self.inflesz >= floor)


@lru_cache(maxsize=20_000)
def spanish_syllables(word: str) -> int:
    """Syllables of a Spanish word by silabeador, which splits hiatus (dí-a,
    pa-ís, o-ír); textstat counts through hyphenation patterns, which never
    split them and so count those words as one syllable."""
    try:
        return max(len(silabeador.syllabify(word.lower())), 1)
    except (TypeError, ValueError, IndexError):  # a few short words (em) trip it
        return max(len(_VOWEL_GROUP.findall(word)), 1)


def spanish_reading(answer_html: str) -> SpanishReading | None:
    """The INFLESZ score of a sanitized Spanish answer (None when empty):
    206.835 - 62.3 x syllables per word - words per sentence. Written here, not
    taken from textstat, for the syllable counts above."""
    parts = sentences(plain_text(answer_html))
    words = [word for part in parts for word in _WORD.findall(part)]
    if not words:
        return None
    syllables = sum(spanish_syllables(word) for word in words)
    score = 206.835 - 62.3 * syllables / len(words) - len(words) / len(parts)
    ranked = sorted(((len(s.split()), s) for s in parts), key=lambda pair: -pair[0])
    return SpanishReading(inflesz=round(score, 1), longest=ranked[:LONGEST_SHOWN])
