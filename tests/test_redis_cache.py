"""Production's cache backend on a real Redis: a count (a rate limit's, the
content generation's) goes up in one round trip, with Django's own answers."""

from __future__ import annotations

from collections.abc import Iterator
from unittest import mock

import pytest
import redis

from core.cache import RedisCache
from tests import servers

REDIS_DB = 14


@pytest.fixture
def redis_cache() -> Iterator[RedisCache]:
    servers.require_redis()
    prefix = f"incr_test_{servers.RUN_ID}"
    yield RedisCache(f"redis://127.0.0.1:6379/{REDIS_DB}", {"KEY_PREFIX": prefix})
    shared = redis.Redis(db=REDIS_DB)
    for key in shared.scan_iter(f"{prefix}:*"):
        shared.delete(key)


def test_a_count_goes_up_in_one_round_trip_and_keeps_its_expiry(redis_cache):
    redis_cache.set("looks", 1, 60)
    client = redis_cache._cache.get_client("looks", write=True)
    with mock.patch.object(client, "execute_command", wraps=client.execute_command) as sent:
        assert redis_cache.incr("looks", 5) == 6
    assert sent.call_count == 1
    assert redis_cache.decr("looks") == 5
    # Still expiring: a rate limit's count never outlives its window.
    assert 0 < client.ttl(redis_cache.make_key("looks")) <= 60


def test_a_count_that_is_not_there_is_refused_and_not_created(redis_cache):
    with pytest.raises(ValueError):
        redis_cache.incr("gone")
    assert redis_cache.get("gone") is None
    assert redis_cache.get_or_set("gone", 10) == 10
    assert redis_cache.incr("gone") == 11
