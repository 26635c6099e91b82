"""Searches that found nothing, or whose results nobody opened, counted for
the clinic: what readers look for and the site does not answer, so that a
moderator adds a synonym group or notes a topic for a new Q&A.

What is kept is the words and a count per day, nothing else:

- the query normalised as search reads it (lower case, `words_of`, one space
  between words), never who searched, from where, or when beyond the day;
- a query longer than KEPT_LENGTH characters is not kept at all: cut, it
  would be another query, and a long one is more often someone's own story;
- a query in which the de-identification assistant (questions.deidentify)
  finds anything at all is not kept: a name, an email and a phone number, and
  also a date, an address or an age, since a count is worth less than that
  risk. People type names in lower case in a search box, where the assistant
  sees no capital, so each word is also judged alone as if capitalised: it is
  kept only if the assistant's vocabulary, its everyday words, the longer list
  of ordinary words in search/data/everyday_words.txt (which leaves out first
  names and frequent surnames) or the site's published text (the search
  terms) has it;
- counts older than KEPT_DAYS go in the daily `purge_personal_data`.

Counting costs the reader nothing: each worker keeps its counts in memory and
writes them, in one transaction, after a response has gone and at most
SEARCH_COUNTS_FLUSH_SECONDS after the first of them (and when the worker
stops). Before, every search, a page-cache hit included, wrote to the
database itself: six queries and a lock that made a cached results page
several times slower than any other cached page. A count still in memory when
a worker is killed is lost, which a statistic can afford.

The results page marks a first page that found nothing with MISS_HEADER, and
one that showed results with SHOWN_HEADER; `counted` wraps the page cache in
search/urls.py, so it sees the header on pages served from the cache too (they
keep their headers), counts the search and removes the header before the
response leaves. A result opened from the page is counted by the `ping` its
link carries (HTML's hyperlink auditing, sent by the browser without any script
of ours; browsers that do not send it, Firefox by default, count no opens), and
never more often than the search showed results.
"""

from __future__ import annotations

import atexit
import datetime
import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from functools import wraps
from typing import Any

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import F, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from core.cache import held_by_generation, on_replay
from questions import deidentify

from .everyday import everyday_words
from .languages import fold
from .models import SearchMiss, SearchMissDay, Term
from .query import clean, words_of

# Sent by the results view, read and removed here: never seen outside.
MISS_HEADER = "X-Search-Found-Nothing"
SHOWN_HEADER = "X-Search-Showed-Results"
# The privacy rule's limit (docs/privacy.md), held apart from search's own cut
# (search.query.MAX_LENGTH): what is kept must not grow if search reads longer
# queries one day.
KEPT_LENGTH = 100
KEPT_DAYS = 90
# The moderators' list shows a search whose results nobody opened once it has
# shown results this many times: a single reader who closed the page says little.
UNOPENED_AFTER = 3
# A worker holding counts of this many different searches writes them at once:
# what waits in memory stays small whatever is typed.
PENDING_AT_MOST = 1000

logger = logging.getLogger(__name__)


def normalised(typed: str) -> str:
    """The query as it is counted; "" when it is not kept (no words, or longer
    than KEPT_LENGTH characters once its spaces are collapsed)."""
    if len(" ".join(typed.split())) > KEPT_LENGTH:
        return ""
    return " ".join(words_of(clean(typed)))


def looks_identifying(text: str, *, published: set[str] | None = None) -> bool:
    """Whether the de-identification assistant marks anything in `text`, as
    typed or with each word capitalised on its own. `published`: the words of
    the published text among the query's, when read already for many queries."""
    # Category and therapy names, read once until public content changes:
    # every search is judged, not only those that found nothing.
    vocabulary = held_by_generation("deidentify-vocabulary", deidentify.vocabulary)
    if deidentify.find(text, words=vocabulary):
        return True
    words = words_of(text)
    # A word of the published text names nothing private: it is public already
    # (in any language; a Spanish one as the index keeps it, without accents).
    if published is None:
        published = published_words(words)
    published = {word for word in words if word in published or fold(word) in published}
    # A lay word the site never uses ("knackered") is no name either: only the
    # query's own words are looked up in the long list, so no large set is built.
    everyday = {word for word in words if word in everyday_words()}
    # One word a line: "ms fatigue" must not read as "Ms Fatigue", a person.
    each = "\n".join(word[:1].upper() + word[1:] for word in words)
    known = vocabulary | published | everyday
    return bool(deidentify.find(each, words=known, headline=True))


def published_words(words: Iterable[str]) -> set[str]:
    """Those of the words, or of their accent-folded forms, that published text has."""
    words = set(words)
    wanted = words | {fold(word) for word in words}
    return set(Term.objects.filter(word__in=wanted).values_list("word", flat=True))


def searches_record(counts: Mapping[tuple[str, datetime.date, bool], int]) -> int:
    """Count many searches at once, what a worker held: for each (as typed, day,
    whether it showed results) how many times; how many searches were kept (see
    the module's docstring). A few queries whatever their number: a worker
    holding a thousand different searches writes them in one transaction."""
    typed_all = {typed for typed, _day, _found in counts}
    words = {word for typed in typed_all for word in words_of(clean(typed))}
    published = published_words(words)
    totals: dict[tuple[str, datetime.date], Counter[str]] = {}
    for (typed, day, found), times in counts.items():
        query = normalised(typed)
        if not query or looks_identifying(clean(typed), published=published):
            continue
        totals.setdefault((query, day), Counter())["shown" if found else "count"] += times
    if not totals:
        return 0
    queries = sorted({query for query, _day in totals})
    with transaction.atomic():
        # Insert-or-ignore, then the rows locked in one order and their counts
        # raised: two workers that write at once both count (on PostgreSQL the
        # second waits for the first's rows; SQLite has one writer at a time).
        SearchMiss.objects.bulk_create(
            [SearchMiss(query=query) for query in queries], ignore_conflicts=True
        )
        ids = dict(SearchMiss.objects.filter(query__in=queries).values_list("query", "pk"))
        SearchMissDay.objects.bulk_create(
            [SearchMissDay(miss_id=ids[query], day=day) for query, day in totals],
            ignore_conflicts=True,
        )
        query_of = {pk: query for query, pk in ids.items()}
        rows = SearchMissDay.objects.select_for_update().filter(
            miss_id__in=ids.values(), day__in={day for _query, day in totals}
        )
        changed = []
        for row in rows.order_by("pk"):
            added = totals.get((query_of[row.miss_id], row.day))
            if added:
                row.count += added["count"]
                row.shown += added["shown"]
                changed.append(row)
        SearchMissDay.objects.bulk_update(changed, ["count", "shown"])
    return len(totals)


def search_open_record(*, typed: str, times: int = 1) -> int:
    """Count up to `times` results opened from the search `typed`, on the latest
    days it showed more results than were opened; how many were counted. A
    search that was never counted is not started here, so a ping cannot add a
    query, and opens never outnumber the results shown."""
    query = normalised(typed)
    if not query:
        return 0
    left = times
    with transaction.atomic():
        days = (
            SearchMissDay.objects.select_for_update()
            .filter(miss__query=query, opened__lt=F("shown"))
            .order_by("-day")
        )
        changed = []
        for day in days:  # one read: the few days of one search
            more = min(left, day.shown - day.opened)
            day.opened += more
            left -= more
            changed.append(day)
            if not left:
                break
        SearchMissDay.objects.bulk_update(changed, ["opened"])
    return times - left


class PendingCounts:
    """The counts a worker has not written yet (see the module's docstring)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._searches: Counter[tuple[str, datetime.date, bool]] = Counter()
        # An open whose search is not written yet waits for one more write.
        self._opens: Counter[tuple[str, datetime.date, bool]] = Counter()
        self._since: float | None = None

    def add_search(self, typed: str, *, found: bool) -> None:
        # As typed: the privacy check reads capitals, so it runs at writing.
        if normalised(typed):
            self._add(lambda: self._searches.update([(typed, timezone.localdate(), found)]))

    def add_open(self, typed: str) -> None:
        if normalised(typed):
            self._add(lambda: self._opens.update([(typed, timezone.localdate(), False)]))

    def _add(self, change: Callable[[], None], *, now: bool = True) -> None:
        with self._lock:
            change()
            if self._since is None:
                self._since = time.monotonic()
            full = len(self._searches) + len(self._opens) >= PENDING_AT_MOST
        if full or (now and not settings.SEARCH_COUNTS_FLUSH_SECONDS):
            self.write()  # kept back for no time: written before the response

    def due(self) -> bool:
        since = self._since
        return since is not None and (
            time.monotonic() - since >= settings.SEARCH_COUNTS_FLUSH_SECONDS
        )

    def write(self) -> None:
        """Store what is pending: the searches first, then the opens, which are
        bounded by them. An open of a search another worker showed and has not
        written yet waits for the next write, once. A failure is logged by kind
        only (a database's message may quote a query) and the counts are
        dropped rather than retried."""
        with self._lock:
            searches, opens = self._searches, self._opens
            self._searches, self._opens, self._since = Counter(), Counter(), None
        later: Counter[tuple[str, datetime.date, bool]] = Counter()
        try:
            if searches:
                searches_record(searches)
            for (typed, day, waited), times in opens.items():
                left = times - search_open_record(typed=typed, times=times)
                if left and not waited and day == timezone.localdate():
                    later[(typed, day, True)] = left
        except DatabaseError as error:
            logger.warning("Searches were not counted (%s).", type(error).__name__)
        if later:
            self._add(lambda: self._opens.update(later), now=False)


pending = PendingCounts()


def write_if_due(**kwargs: Any) -> None:
    """After each response (Django's request_finished)."""
    if pending.due():
        pending.write()


# A worker that stops writes what it holds (gunicorn lets a worker finish).
atexit.register(pending.write)


def counted(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Count the searches of the results `view` (wrapped by the page cache) and
    take the markers off every response, a HEAD's included."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        for header, found in ((MISS_HEADER, False), (SHOWN_HEADER, True)):
            if not response.has_header(header):
                continue
            del response[header]
            count_search(request, found)
            # The page cache answers the next one before this wrapper: it counts it so.
            on_replay(response, REPLAY_HOOK, found)
        return response

    return wrapper


REPLAY_HOOK = "search-count"


def count_search(request: HttpRequest, found: bool) -> None:
    """A results page was shown: built, or answered from the page cache (a HEAD is not a view)."""
    if request.method == "GET":
        pending.add_search(request.GET.get("q", ""), found=found)


def search_misses_purge(*, today: datetime.date | None = None) -> int:
    """Delete the days counted KEPT_DAYS ago or earlier, then the searches no
    day is left of; how many days were deleted."""
    cutoff = (today or timezone.localdate()) - datetime.timedelta(days=KEPT_DAYS)
    with transaction.atomic():
        days, _ = SearchMissDay.objects.filter(day__lte=cutoff).delete()
        SearchMiss.objects.filter(days__isnull=True).delete()
    return days


def search_misses_note_topic(*, misses: QuerySet[SearchMiss]) -> int:
    """Note searches as topics for new Q&As; how many were not noted before."""
    # By id: the admin's rows come annotated and ordered by their counts.
    chosen = SearchMiss.objects.filter(pk__in=misses.order_by().values("pk"))
    return chosen.filter(topic_noted=False).update(topic_noted=True)
