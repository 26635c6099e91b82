"""What a search returns, whichever database ran it: `Hit`s, and `Results`,
the hits of one kind as a sequence a paginator can page through."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import overload

from django.utils.safestring import SafeString


@dataclass(frozen=True)
class Hit:
    """One entry found, an answer or a drug section, as a list of results shows
    it. Plain values only: lists of hits are kept in the shared cache (the
    similar questions while asking)."""

    pk: int
    kind: str
    heading: str
    url: str
    published_at: object
    question_id: int | None
    # Escaped, with the matched words in <mark> (see search.excerpts).
    excerpt: SafeString


class Results(Sequence[Hit]):
    """The hits of one kind, best first, for a paginator.

    Reading is split in two because most callers need only part of it. The
    ranking (entry and Q&A ids, best first) is read once, on first use; its
    length is the count, so the paginator's count costs no query of its own.
    The rows, with their marked excerpts, are read a page at a time, since
    only the page shown needs them. The related Q&As need the ranking alone
    (`question_ids`) and read no row."""

    def __init__(
        self,
        ranked: Callable[[], list[tuple[int, int | None]]],
        rows: Callable[[list[int]], list[Hit]],
    ):
        self._ranked, self._rows = ranked, rows
        self._found: list[tuple[int, int | None]] | None = None
        self._kept: dict[int, Hit] = {}

    def keep(self, hits: list[Hit]) -> None:
        """Rows read beforehand, together with those of another kind, so that
        the results page reads the rows of both kinds in one round trip (see
        `Engine.prefetch` in search.backends.engine)."""
        self._kept.update((hit.pk, hit) for hit in hits)

    def _ranking(self) -> list[tuple[int, int | None]]:
        if self._found is None:
            self._found = self._ranked()
        return self._found

    def ids(self) -> list[int]:
        return [pk for pk, _ in self._ranking()]

    def question_ids(self) -> list[int | None]:
        """The Q&A of each hit, best first, without reading any row."""
        return [question_id for _, question_id in self._ranking()]

    # The length, not Sequence's count of a value: Django's Paginator asks an
    # object list for count() with no argument before it falls back on len().
    def count(self) -> int:  # type: ignore[override]
        return len(self._ranking())

    def __len__(self) -> int:
        return self.count()

    @overload
    def __getitem__(self, index: int) -> Hit: ...

    @overload
    def __getitem__(self, index: slice) -> list[Hit]: ...

    def __getitem__(self, index: int | slice) -> Hit | list[Hit]:
        if isinstance(index, slice):
            wanted = self.ids()[index]
            missing = [pk for pk in wanted if pk not in self._kept]
            by_id = (
                {**self._kept, **{hit.pk: hit for hit in self._rows(missing)}}
                if missing
                else self._kept
            )
            # An entry removed since the ranking was read is left out, not an error.
            return [by_id[pk] for pk in wanted if pk in by_id]
        return self[index : index + 1][0]
