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

import datetime
import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.db import DatabaseError, transaction
from django.db.models import F, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from core.cache import cached_by_generation
from questions import deidentify

from .everyday import everyday_words
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

logger = logging.getLogger(__name__)


def normalised(typed: str) -> str:
    """The query as it is counted; "" when it is not kept (no words, or longer
    than KEPT_LENGTH characters once its spaces are collapsed)."""
    if len(" ".join(typed.split())) > KEPT_LENGTH:
        return ""
    return " ".join(words_of(clean(typed)))


def looks_identifying(text: str) -> bool:
    """Whether the de-identification assistant marks anything in `text`, as
    typed or with each word capitalised on its own."""
    # Category and therapy names, read once until public content changes:
    # every search is judged, not only those that found nothing.
    vocabulary = cached_by_generation("deidentify-vocabulary", deidentify.vocabulary)
    if deidentify.find(text, words=vocabulary):
        return True
    words = words_of(text)
    # A word of the published text names nothing private: it is public already.
    published = Term.objects.filter(word__in=words).values_list("word", flat=True)
    # A lay word the site never uses ("knackered") is no name either: only the
    # query's own words are looked up in the long list, so no large set is built.
    everyday = {word for word in words if word in everyday_words()}
    # One word a line: "ms fatigue" must not read as "Ms Fatigue", a person.
    each = "\n".join(word[:1].upper() + word[1:] for word in words)
    known = vocabulary | set(published) | everyday
    return bool(deidentify.find(each, words=known, headline=True))


def search_miss_record(
    *, typed: str, today: datetime.date | None = None, found: bool = False
) -> bool:
    """Count a search that found nothing (or, with `found`, one that showed
    results), unless it is not to be kept (see the module's docstring); whether
    it was counted."""
    query = normalised(typed)
    if not query or looks_identifying(clean(typed)):
        return False
    day = today or timezone.localdate()
    counter = "shown" if found else "count"
    with transaction.atomic():
        # Insert-or-ignore, then an increment made by the database: two readers
        # who miss at once both count. On PostgreSQL the second insert waits for
        # the first's unique entry and the row lock orders the two increments;
        # SQLite has one writer at a time.
        SearchMiss.objects.bulk_create([SearchMiss(query=query)], ignore_conflicts=True)
        miss_id = SearchMiss.objects.values_list("pk", flat=True).get(query=query)
        SearchMissDay.objects.bulk_create(
            [SearchMissDay(miss_id=miss_id, day=day)], ignore_conflicts=True
        )
        SearchMissDay.objects.filter(miss_id=miss_id, day=day).update(**{counter: F(counter) + 1})
    return True


def search_open_record(*, typed: str) -> bool:
    """Count a result opened from the search `typed`, on the latest day it
    showed more results than were opened; whether it was counted. A search that
    was never counted is not started here, so a ping cannot add a query."""
    query = normalised(typed)
    if not query:
        return False
    with transaction.atomic():
        latest = (
            SearchMissDay.objects.select_for_update()
            .filter(miss__query=query, opened__lt=F("shown"))
            .order_by("-day")
            .values_list("pk", flat=True)
            .first()
        )
        if latest is None:
            return False
        SearchMissDay.objects.filter(pk=latest).update(opened=F("opened") + 1)
    return True


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
            if request.method == "GET":
                try:
                    search_miss_record(typed=request.GET.get("q", ""), found=found)
                except DatabaseError as error:
                    # The reader still gets the page. Only the error's kind is
                    # logged: a database's message may quote the query.
                    logger.warning("A search was not counted (%s).", type(error).__name__)
        return response

    return wrapper


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
