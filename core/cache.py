"""Anonymous public pages served from the cache, made fresh at once on change.

Every cached page and fragment belongs to a *content generation*, a counter
kept in the cache; a page stored under an older generation is never served.
Anything that changes what the public sees (publishing, re-signing,
withdrawing, moderating a comment, editing a category or a drug) calls
`content_changed()` after its transaction commits; the counter moves on and
every page, feed, sitemap and the sidebar are rebuilt on their next request.
That is coarse (one change refreshes all pages) but exact: no public page
outlives the data it shows. A page also belongs to the day it was built (in
the clinic's time zone) and is built again on the next: what changes with the
date alone (an answer falling due for review) shows without any event. In
production the cache is Redis, shared by all workers, so the counter is too.

Parts of a page that change only with their own content (a drug's signed
text) are kept otherwise, under what they are made of: core.parts.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from functools import wraps
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.core import signing
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control

if TYPE_CHECKING:  # types only: the cache backend is imported before the apps are ready
    from django.contrib.auth.models import User
    from redis import ConnectionPool, Redis

GENERATION_KEY = "content-generation"
PAGE_TIMEOUT = 24 * 60 * 60  # a safety net; invalidation does the real work
# Set at a staff sign-in, signed with SECRET_KEY: with the session cookie it
# lets a browser past the page cache, which a session cookie alone does not.
STAFF_COOKIE = "staff"
_STAFF_SALT = "questions.cache.staff"  # kept: markers already issued stay valid

# Sent by scripts/bench/cold.lua; read only when BENCHMARK_ENDPOINTS is on.
BENCHMARK_COLD_HEADER = "X-Benchmark-Cold"

logger = logging.getLogger(__name__)


class CacheOutage:
    """What the log says while the cache is down: one record when it first
    fails, then at most one a minute while it lasts, and one when it is back.

    Every page makes several cache calls; a record (let alone a traceback) per
    failed call wrote megabytes a minute and would fill a disk in an outage of
    an hour. Kept per process: each worker says it once. Written here: the
    standard library and Django have no rate-limited logging."""

    REPEAT_SECONDS = 60

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        self.since: float | None = None  # when the outage began, by self.clock
        self._said_at = 0.0
        self._failed_calls = 0

    def failed(self, what: str, error: Exception) -> None:
        now = self.clock()
        with self._lock:
            self._failed_calls += 1
            first = self.since is None
            if not first and now - self._said_at < self.REPEAT_SECONDS:
                return
            if first:
                self.since = now
            calls, seconds = self._failed_calls, now - self._said_at
            self._failed_calls, self._said_at = 0, now
        if first:
            # The traceback once, for the diagnosis; never again in this outage.
            logger.error(
                "The cache is failing (%s in %s): pages are built without it and rate "
                "limits are not counted until it is back.",
                type(error).__name__,
                what,
                exc_info=error,
            )
        else:
            logger.error(
                "The cache is still failing: %d calls failed in the last %d seconds "
                "(the last: %s in %s).",
                calls,
                round(seconds),
                type(error).__name__,
                what,
            )

    def worked(self) -> None:
        if self.since is None:  # the usual case: no lock taken
            return
        now = self.clock()
        with self._lock:
            if self.since is None:
                return
            lasted = now - self.since
            self.reset()
        logger.warning("The cache is back after %d seconds.", round(lasted))


cache_outage = CacheOutage()


def cache_call(method: str, *args: Any, default: Any = None, **kwargs: Any) -> Any:
    """A cache call whose failure (a Redis that is full or down) costs speed,
    never the page: the page is then built as if nothing were cached."""
    try:
        value = getattr(cache, method)(*args, **kwargs)
    except Exception as error:  # the cache backend's own connection errors vary by client
        cache_outage.failed(f"page cache {method}", error)
        return default
    cache_outage.worked()
    return value


def _fresh_generation() -> int:
    # After the counter was evicted, a restart at 1 would make pages stored
    # under low numbers current again; the clock gives a number never used.
    return time.time_ns()


# The generation a public page is being built in, read with the page itself:
# the sidebar, search's vocabulary and the rest a page reads by generation are
# then of the same one, at no further round trip (a page made 14 of them).
_page_generation: ContextVar[int | None] = ContextVar("page_generation", default=None)
# False while the benchmark measures a page's first build (`X-Benchmark-Cold: all`).
_parts_kept: ContextVar[bool] = ContextVar("parts_kept", default=True)


def building_for_everyone() -> bool:
    """Whether a public page is being built for everyone (the page cache's
    anonymous visitor), whose parts may be kept (core.parts)."""
    return _page_generation.get() is not None and _parts_kept.get()


def generation() -> int:
    building = _page_generation.get()
    if building is not None:
        return building
    value = cache_call("get", GENERATION_KEY)
    if value is None:
        fresh = _fresh_generation()
        cache_call("add", GENERATION_KEY, fresh, timeout=None)
        value = cache_call("get", GENERATION_KEY, fresh, default=fresh)
    return value


def current_and(key: str) -> tuple[int, Any]:
    """The current generation and what is stored under `key`, in one round trip
    (outside a page build, which knows its generation already)."""
    building = _page_generation.get()
    if building is not None:
        return building, cache_call("get", key)
    found = cache_call("get_many", [GENERATION_KEY, key], default={})
    return found.get(GENERATION_KEY) or generation(), found.get(key)


def content_changed() -> None:
    """Call inside the transaction that changed public content.

    Bumped now and again after commit: a page rebuilt in between (still
    seeing the old rows) is cached under a generation that the second bump
    leaves behind."""
    _bump()
    transaction.on_commit(_bump)


def _bump() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # the counter was evicted: start a fresh generation
        cache_call("set", GENERATION_KEY, _fresh_generation(), timeout=None)
    except Exception as error:
        # A staff action must not fail for the cache. Pages stored before it
        # live at most PAGE_TIMEOUT; say so where the administrator looks (a
        # line per staff change, which is rare; the traceback once, by the outage).
        cache_outage.failed("content changed", error)
        logger.error(
            "The cache could not be told that public content changed; cached pages may "
            "show the old content for up to %s hours.",
            PAGE_TIMEOUT // 3600,
        )


def cached_by_generation(name: str, compute: Callable[[], Any]) -> Any:
    """A value (the sidebar's counts) cached until public content changes."""
    key = f"{name}:{generation()}"
    value = cache_call("get", key)
    if value is None:
        value = compute()
        cache_call("set", key, value, PAGE_TIMEOUT)
    return value


# name -> (generation, when read, value): what this process has already read
# of the shared cache.
_held: dict[str, tuple[int, float, Any]] = {}
# How long a held value is trusted without reading the shared cache again: if
# telling the cache of a change failed (_bump), the shared copy still expires
# after PAGE_TIMEOUT, and a worker's copy no more than this after it.
HELD_SECONDS = 10 * 60


def held_by_generation(name: str, compute: Callable[[], Any]) -> Any:
    """`cached_by_generation`, also kept in this process until public content
    changes: a large value read at every request (search's vocabulary, the
    sidebar) is then unpickled once per change, not at each use (1.5 ms each
    at 50,000 Q&As)."""
    current = generation()
    held = _held.get(name)
    now = time.monotonic()
    if held is not None and held[0] == current and now - held[1] < HELD_SECONDS:
        return held[2]
    value = cached_by_generation(name, compute)
    _held[name] = (current, now, value)
    return value


def signed_staff_marker() -> str:
    """The STAFF_COOKIE value, as HttpResponse.set_signed_cookie writes it."""
    return signing.get_cookie_signer(salt=STAFF_COOKIE + _STAFF_SALT).sign("1")


def _rendered_for_someone(request: HttpRequest) -> bool:
    """Whether the view ran for a signed-in user (one session lookup, and only
    for a page that is being built anyway, with a session cookie present)."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def _anonymous(request: HttpRequest) -> bool:
    # A session cookie alone proves nothing (anyone can send one); the staff
    # marker's signature is checked with SECRET_KEY, without a query.
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return True
    return request.get_signed_cookie(STAFF_COOKIE, default=None, salt=_STAFF_SALT) != "1"


@receiver(user_logged_in, dispatch_uid="core.cache.staff_marker_in")
def _mark_staff_signed_in(sender: type, request: HttpRequest, user: User, **kwargs: Any) -> None:
    # A note for StaffMarkerMiddleware on this request alone; HttpRequest declares no such field.
    request._staff_marker = "set" if user.is_staff else "delete"  # type: ignore[attr-defined]


@receiver(user_logged_out, dispatch_uid="core.cache.staff_marker_out")
def _mark_staff_signed_out(sender: type, request: HttpRequest, **kwargs: Any) -> None:
    request._staff_marker = "delete"  # type: ignore[attr-defined]  # as in _mark_staff_signed_in


class StaffMarkerMiddleware:
    """Sets or deletes STAFF_COOKIE on the response to a sign-in or sign-out,
    with the session cookie's attributes. Reads nothing from the database."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        marker = getattr(request, "_staff_marker", None)
        if marker == "set":
            response.set_signed_cookie(
                STAFF_COOKIE,
                "1",
                salt=_STAFF_SALT,
                path=settings.SESSION_COOKIE_PATH,
                domain=settings.SESSION_COOKIE_DOMAIN,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite=settings.SESSION_COOKIE_SAMESITE,
            )
        elif marker == "delete" or (
            STAFF_COOKIE in request.COOKIES and settings.SESSION_COOKIE_NAME not in request.COOKIES
        ):
            response.delete_cookie(
                STAFF_COOKIE,
                path=settings.SESSION_COOKIE_PATH,
                domain=settings.SESSION_COOKIE_DOMAIN,
                samesite=settings.SESSION_COOKIE_SAMESITE,
            )
        return response


# Page numbers of Django's paginated list views and of its sitemap view.
PAGE_NUMBERS = {"page", "p"}


def _page_number(value: str) -> str:
    # The paginator reads int(value) or "last": "1", "01" and " 1" are one page.
    try:
        return str(int(value))
    except ValueError:
        return value.strip()


def _text(value: str) -> str:
    return " ".join("".join(ch if ch.isprintable() else " " for ch in value).split())


def _canonical_query(
    request: HttpRequest, params: Iterable[str] | Callable[[HttpRequest], dict[str, str]]
) -> str:
    """Only the parameters the view reads, normalised and in a fixed order:
    `/?b=1` and `/?b=2` are the same page, not two cache entries."""
    if callable(params):
        computed = urlencode(sorted((k, v) for k, v in params(request).items() if v != ""))
        # Marked as computed: a request's own query, as PageCacheMiddleware reads
        # it, never has "|" unescaped, so it never names a computed page.
        return f"|{computed}" if computed else ""
    chosen = {}
    for name in params:
        value = request.GET.get(name)  # the last value, as the views read it
        if value is not None:
            chosen[name] = _page_number(value) if name in PAGE_NUMBERS else _text(value)
    return urlencode(sorted((k, v) for k, v in chosen.items() if v != ""))


def public_page(
    view: Callable | None = None,
    *,
    params: Iterable[str] | Callable[[HttpRequest], dict[str, str]] = (),
) -> Callable:
    """Serve a public view's anonymous GETs from the cache, with an ETag so that
    browsers and proxies revalidate (304) instead of downloading again.

    `params` names the query parameters the view reads (or computes them from
    the request); any other parameter is ignored for the cache key.

    A page is stored once the whole middleware stack has answered, with every
    header it added, by PageCacheMiddleware, which serves it again before any
    other middleware runs; what such a page still needs done on each request is
    asked for with `on_replay` (search counts its searches)."""
    if view is None:
        return lambda view: public_page(view, params=params)
    params = params if callable(params) else tuple(params)

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in ("GET", "HEAD") or not _anonymous(request):
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True, no_cache=True)
            return response
        address = f"{request.scheme}://{request.get_host()}{request.path}"
        canonical = f"{address}?{_canonical_query(request, params)}"
        key = PAGE_PREFIX + hashlib.sha256(canonical.encode()).hexdigest()
        # One round trip for both: the current generation and the page as stored
        # with the generation it was built in; none when PageCacheMiddleware
        # has just read them under the same key (and missed).
        read = getattr(request, "_page_cache_read", None)
        if read is not None and read[0] == key:
            found = read[1]
        else:
            found = cache_call("get_many", [GENERATION_KEY, key], default={})
        # A page is also of its day: "due for review" appears with the passing
        # of time, not with a change, so no page outlives the day it was built.
        current = (found.get(GENERATION_KEY) or generation(), timezone.localdate().isoformat())
        # The benchmark's cold runs (scripts/bench/cold.lua) miss the cache on
        # purpose; only where its endpoints are mounted, never on a real site.
        cold = settings.BENCHMARK_ENDPOINTS and BENCHMARK_COLD_HEADER in request.headers
        stored = None if cold else found.get(key)
        if stored is not None and stored[0] == current:
            _, status, headers, content, *replay = stored
            response = HttpResponse(content, status=status)
            for header, value in headers:
                response[header] = value
            _run_replay_hook(request, replay)
            return response
        building = _page_generation.set(current[0])
        # Parts are kept for a visitor with no session at all: one with a
        # session may be staff without the marker, seeing what the public does
        # not. Nor for the benchmark's first builds.
        parts = _parts_kept.set(
            settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not (cold and request.headers[BENCHMARK_COLD_HEADER] == "all")
        )
        try:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
        finally:
            _parts_kept.reset(parts)
            _page_generation.reset(building)
        if _rendered_for_someone(request):
            # Staff signed in before the marker existed, or whose marker is gone:
            # the page may show what only they may see. Theirs alone, never stored.
            patch_cache_control(response, private=True, no_cache=True)
            return response
        if response.status_code == 200 and not response.cookies and not response.streaming:
            response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
            patch_cache_control(response, public=True, no_cache=True)
            if _PAGE_CACHE_MIDDLEWARE in settings.MIDDLEWARE:
                # Stored by the middleware, with the headers the rest of the stack adds.
                response._page_cache = (key, current)
                return response
            headers = [
                (h, v) for h, v in response.items() if h.lower() not in {"vary", "set-cookie"}
            ]
            cache_call(
                "set", key, (current, response.status_code, headers, response.content), PAGE_TIMEOUT
            )
        return response

    return wrapper


_PAGE_CACHE_MIDDLEWARE = "core.cache.PageCacheMiddleware"
# Not "page:", the prefix of pages stored before PageCacheMiddleware existed:
# those lack the headers the stack adds, and must never be answered first.
PAGE_PREFIX = "page-whole:"


class PageCacheMiddleware:
    """The page cache's outer half: an anonymous GET of a public page found in
    the cache is answered here, first of all the middleware, with the headers
    the whole stack gave it when it was built (security headers, CSP, ETag…):
    nothing else has work to do for it. Otherwise the request goes down the
    stack, where `public_page` looks again under the view's own key (which
    ignores parameters the view does not read) and marks a page worth keeping;
    this middleware stores it on the way out, once no middleware has set a
    cookie on it. Hand-written: Django's cache middleware keys on the whole
    query and headers, knows nothing of our generation, and would serve staff
    the public page."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = _whole_request_key(request)
        if key is not None:
            found = cache_call("get_many", [GENERATION_KEY, key], default={})
            current = (found.get(GENERATION_KEY) or generation(), timezone.localdate().isoformat())
            stored = found.get(key)
            # The benchmark's cold runs look the page up as every request does,
            # and miss it (scripts/bench/cold.lua): a miss costs what it costs.
            cold = settings.BENCHMARK_ENDPOINTS and BENCHMARK_COLD_HEADER in request.headers
            if stored is not None and stored[0] == current and not cold:
                return _replayed(request, stored)
            # What public_page would read again under the same key, if its key is this one.
            request._page_cache_read = (key, found)  # type: ignore[attr-defined]
        response = self.get_response(request)
        marked = getattr(response, "_page_cache", None)
        if (
            marked is not None
            and request.method == "GET"
            and response.status_code == 200
            and not response.cookies
        ):
            page_key, current = marked
            headers = [(h, v) for h, v in response.items() if h.lower() != "set-cookie"]
            replay = getattr(response, "_on_replay", None)
            entry = (current, 200, headers, response.content, replay)
            cache_call("set", page_key, entry, PAGE_TIMEOUT)
        return response


def _whole_request_key(request: HttpRequest) -> str | None:
    """The page's key when the request names only what a view's key would
    (every parameter, normalised as `_canonical_query` does, empty ones left
    out); None when the page cache may not answer it here."""
    # Only a visitor with no session at all: one with a session cookie (a
    # signed-out browser, a made-up key) goes down the stack, whose session
    # middleware tidies it, and is served from the cache there.
    if request.method not in ("GET", "HEAD") or settings.SESSION_COOKIE_NAME in request.COOKIES:
        return None
    chosen = {}
    for name in request.GET:
        value = request.GET.get(name, "")  # the last value, as the views read it
        chosen[name] = _page_number(value) if name in PAGE_NUMBERS else _text(value)
    query = urlencode(sorted((k, v) for k, v in chosen.items() if v != ""))
    canonical = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    return PAGE_PREFIX + hashlib.sha256(canonical.encode()).hexdigest()


# What a page answered from the cache still needs done on each request, by
# name, registered by the app that needs it in its ready() (search counts its
# searches): a view's response asks for it with `on_replay`.
REPLAY_HOOKS: dict[str, Callable[[HttpRequest, Any], None]] = {}


def on_replay(response: HttpResponse, name: str, value: Any) -> None:
    """Have REPLAY_HOOKS[name](request, value) run whenever this page is answered
    from the cache (whose entry keeps the name and value, never the request)."""
    response._on_replay = (name, value)  # type: ignore[attr-defined]


def _run_replay_hook(request: HttpRequest, replay: list) -> None:
    if replay and replay[0] is not None:
        name, value = replay[0]
        REPLAY_HOOKS[name](request, value)


def _replayed(request: HttpRequest, stored: tuple) -> HttpResponse:
    """The stored page, or 304 when the browser already has it (its ETag)."""
    _, status, headers, content, *replay = stored
    _run_replay_hook(request, replay)
    response = HttpResponse(content, status=status)
    for header, value in headers:
        response[header] = value
    not_modified = get_conditional_response(request, etag=response.get("ETag"), response=response)
    return not_modified or response


class _ReusingRedisClient(RedisCacheClient):
    """Django's client builds a new redis.Redis object for every cache call;
    building one costs about as much as the round trip it makes (≈70 µs).
    Keep one per connection pool instead: a redis.Redis is safe to share."""

    # Django's own parts used here, left out of its type stubs.
    _get_connection_pool: Callable[[bool], ConnectionPool]
    _client: type[Redis]

    def get_client(
        self, key: str | bytes | memoryview | None = None, *, write: bool = False
    ) -> Redis:
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def incr(self, key: str | bytes | memoryview, delta: int) -> int:
        """Django's incr in one round trip instead of two (EXISTS, then INCRBY):
        a rate limit's count (add, then incr) is two round trips, not three.
        Done by Redis as one command, a count that expires between the two
        steps is no longer brought back by INCRBY with no expiry at all."""
        value: Any = self.get_client(key, write=True).eval(_INCR_IF_EXISTS, 1, key, delta)
        if value is None or value is False:  # Lua's false: nil in RESP2, false in RESP3
            raise ValueError(f"Key {key!r} not found.")
        return int(value)


# Run by Redis as one command (the Redis must allow EVAL: docs/operations.md):
# the count goes up only if it is still there.
_INCR_IF_EXISTS = """
if redis.call('EXISTS', KEYS[1]) == 1 then
    return redis.call('INCRBY', KEYS[1], ARGV[1])
end
return false
"""


class RedisCache(DjangoRedisCache):
    """Django's Redis cache backend, reusing its clients (production's cache)."""

    def __init__(self, server: str | list[str], params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = _ReusingRedisClient
