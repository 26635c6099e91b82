"""Anonymous public pages served from the cache, made fresh at once on change.

Every cached page and fragment belongs to a *content generation*, a counter
kept in the cache; a page stored under an older generation is never served.
Anything that changes what the public sees (publishing, re-signing,
withdrawing, moderating a comment, editing a category or a drug) calls
`content_changed()` after its transaction commits; the counter moves on and
every page, feed, sitemap and the sidebar are rebuilt on their next request.
That is coarse (one change refreshes all pages) but exact: no public page
outlives the data it shows. In production the cache is Redis, shared by all
workers, so the counter is too.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

GENERATION_KEY = "content-generation"
PAGE_TIMEOUT = 24 * 60 * 60  # a safety net; invalidation does the real work


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY, 1)
    return value


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
        cache.set(GENERATION_KEY, generation() + 1, timeout=None)


def cached_by_generation(name: str, compute: Callable):
    """A value (the sidebar's counts) cached until public content changes."""
    return cache.get_or_set(f"{name}:{generation()}", compute, timeout=PAGE_TIMEOUT)


def _anonymous(request: HttpRequest) -> bool:
    # Only staff have sessions; checking the cookie costs no query.
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def public_page(view: Callable) -> Callable:
    """Serve a public view's anonymous GETs from the cache, with an ETag so that
    browsers and proxies revalidate (304) instead of downloading again."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD") or not _anonymous(request):
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True, no_cache=True)
            return response
        key = "page:" + hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
        # One round trip for both: the current generation and the page as stored
        # with the generation it was built in.
        found = cache.get_many([GENERATION_KEY, key])
        current = found.get(GENERATION_KEY) or generation()
        stored = found.get(key)
        if stored is not None and stored[0] == current:
            _, status, headers, content = stored
            response = HttpResponse(content, status=status)
            for header, value in headers:
                response[header] = value
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if response.status_code == 200 and not response.cookies and not response.streaming:
            response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
            patch_cache_control(response, public=True, no_cache=True)
            headers = [
                (h, v) for h, v in response.items() if h.lower() not in {"vary", "set-cookie"}
            ]
            cache.set(key, (current, response.status_code, headers, response.content), PAGE_TIMEOUT)
        return response

    return wrapper


class _ReusingRedisClient(RedisCacheClient):
    """Django's client builds a new redis.Redis object for every cache call;
    building one costs about as much as the round trip it makes (≈70 µs).
    Keep one per connection pool instead: a redis.Redis is safe to share."""

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    """Django's Redis cache backend, reusing its clients (production's cache)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusingRedisClient
