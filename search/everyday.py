"""Everyday English and Spanish words: a lay word in a search is not taken for a name."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_WORDS = Path(__file__).resolve().parent / "data" / "everyday_words.txt"


@cache
def everyday_words() -> frozenset[str]:
    """The words of data/everyday_words.txt (how it was made is in its header)."""
    lines = _WORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))
