"""How hard an answer is to read: its Flesch–Kincaid grade and its longest
sentences, shown to clinicians while they write. Guidance only: nothing is
ever refused for its grade."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import textstat
from django.utils.html import strip_tags

GOOD_GRADE = 8
GUIDANCE = "Grade 8 or lower reads well for most people."
LONGEST_SHOWN = 3

# A sentence ends at . ! or ? followed by a space, or at the end of a block.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9“\"(])")
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
