"""Per-connection limits of the public forms, and what we tell a person who hits one.

Two separate counts: what was sent (questions, comments), and wrong answers to the
sum (a robot guessing). A patient who gets the sum wrong a few times can still send,
and each refusal says which of the two happened.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext, ngettext
from django_ratelimit.core import get_usage

from .cache import cache_outage
from .http import client_address
from .rates import parse_rate

# One count for both forms: a robot guessing sums does not get a fresh allowance per form.
WRONG_SUM_GROUP = "wrong-sum"


def usage(
    request: HttpRequest,
    *,
    group: str,
    key: str | Callable[[str, HttpRequest], str],
    rate: str,
    increment: bool,
    method: str = "POST",
) -> dict[str, Any] | None:
    """The count of this client in this group, or None when the cache cannot be reached.

    The counts live in the cache (Redis in production). If it is down, a limit
    is not worth a patient's lost question or a clinician locked out: the post
    goes through, and the outage is logged for the administrator (once, then
    at most once a minute: core.cache.CacheOutage)."""
    try:
        counted = get_usage(
            request, group=group, key=key, rate=rate, method=method, increment=increment
        )
    except Exception as exc:  # the cache backend's own connection errors vary by client
        cache_outage.failed(f"rate limit {group}", exc)
        return None
    cache_outage.worked()
    return counted


def _usage(request: HttpRequest, *, group: str, rate: str, increment: bool) -> dict | None:
    return usage(request, group=group, key=client_address, rate=rate, increment=increment)


def too_many_similar_looks(request: HttpRequest) -> bool:
    """Count one look for published answers like a question being typed, and
    say whether this connection has had too many: while typing (/ask/similar/)
    and by the form's "Check for answers first" button, it is one search, one count."""
    looks = _usage(request, group="similar", rate=settings.SIMILAR_RATE_LIMIT, increment=True)
    return bool(looks and looks["should_limit"])


def _period(rate: str) -> str:
    # A rate knows its period in seconds; the person reading the refusal needs words.
    seconds = parse_rate(rate)[1]
    if seconds == 60:
        return gettext("in the last minute")
    if seconds == 3600:
        return gettext("in the last hour")
    if seconds == 86400:
        return gettext("in the last day")
    minutes = math.ceil(seconds / 60)
    return ngettext("in the last %(count)d minute", "in the last %(count)d minutes", minutes) % {
        "count": minutes
    }


def _sent_too_many(noun: str, count: int) -> str:
    """Whole sentences, one per kind of post, so that each can be translated
    as a whole (a noun with an "s" added cannot be); %(period)s and %(wait)s
    are filled in by the caller. `noun` names the kind, in English, untranslated."""
    if noun == "question":
        return ngettext(
            "You have sent %(count)d question from your connection %(period)s, "
            "so we cannot take another one just now. %(wait)s",
            "You have sent %(count)d questions from your connection %(period)s, "
            "so we cannot take another one just now. %(wait)s",
            count,
        )
    if noun == "comment":
        return ngettext(
            "You have sent %(count)d comment from your connection %(period)s, "
            "so we cannot take another one just now. %(wait)s",
            "You have sent %(count)d comments from your connection %(period)s, "
            "so we cannot take another one just now. %(wait)s",
            count,
        )
    if noun == "rating":
        return ngettext(
            "You have sent %(count)d rating from your connection %(period)s, "
            "so we cannot take another one just now. %(wait)s",
            "You have sent %(count)d ratings from your connection %(period)s, "
            "so we cannot take another one just now. %(wait)s",
            count,
        )
    if noun == "subscription request":
        return ngettext(
            "You have sent %(count)d subscription request from your connection %(period)s, "
            "so we cannot take another one just now. %(wait)s",
            "You have sent %(count)d subscription requests from your connection %(period)s, "
            "so we cannot take another one just now. %(wait)s",
            count,
        )
    return ngettext(
        "You have sent %(count)d post from your connection %(period)s, "
        "so we cannot take another one just now. %(wait)s",
        "You have sent %(count)d posts from your connection %(period)s, "
        "so we cannot take another one just now. %(wait)s",
        count,
    )


def wait_in_words(usage: dict) -> str:
    minutes = max(1, math.ceil(usage["time_left"] / 60))
    if minutes >= 90:
        hours = round(minutes / 60)
        return ngettext(
            "Please try again in about %(count)d hour.",
            "Please try again in about %(count)d hours.",
            hours,
        ) % {"count": hours}
    return ngettext(
        "Please try again in about %(count)d minute.",
        "Please try again in about %(count)d minutes.",
        minutes,
    ) % {"count": minutes}


def refusal(
    request: HttpRequest, *, sent: bool, wrong_sum: bool, group: str, rate: str, noun: str
) -> str:
    """Count this post and say in plain words why it cannot be taken; "" if it can.

    sent: the form is valid and will be stored (counted against `rate`);
    wrong_sum: the sum was answered wrongly (counted against ASK_WRONG_SUM_RATE_LIMIT).
    A mistake of another kind (a missing tick, a short text) counts against neither.
    """
    if not (sent or wrong_sum):
        return ""
    wrong_rate = settings.ASK_WRONG_SUM_RATE_LIMIT
    usage = _usage(request, group=WRONG_SUM_GROUP, rate=wrong_rate, increment=wrong_sum)
    if usage and usage["should_limit"]:
        return gettext(
            "Too many wrong answers to the sum came from your connection %(period)s, "
            "so we cannot take another try just now. %(wait)s"
        ) % {"period": _period(wrong_rate), "wait": wait_in_words(usage)}
    if not sent:
        return ""
    usage = _usage(request, group=group, rate=rate, increment=True)
    if usage and usage["should_limit"]:
        count = usage["limit"]
        return _sent_too_many(noun, count) % {
            "count": count,
            "period": _period(rate),
            "wait": wait_in_words(usage),
        }
    return ""
