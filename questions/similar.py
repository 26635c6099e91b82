"""Answers like a question: on the ask page, before a patient sends it, and at
triage, as likely duplicates. Finding them is the search app's work: it
provides its finder in its AppConfig.ready(), so this app never imports search.
Without one (search not installed), nothing is suggested."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .models import Question


@dataclass(frozen=True)
class Finder:
    # Each returns the finder's own results (read by its templates), best first.
    while_asking: Callable[[str, str], Sequence[Any]]  # (subject, question)
    published: Callable[[str, int | None], Sequence[Any]]  # (text, question id to leave out)
    waiting: Callable[[Question], Sequence[Any]]  # questions still being handled


NOTHING = Finder(
    while_asking=lambda subject, question: [],
    published=lambda text, exclude: [],
    waiting=lambda question: [],
)
_provided: list[Finder] = []


def provide(finder: Finder) -> None:
    _provided[:] = [finder]


def finder() -> Finder:
    return _provided[0] if _provided else NOTHING
