"""Production's cache backend on a real Redis: a count (a rate limit's, the
content generation's) goes up in one round trip, with Django's own answers,
under any sequence of moves."""

from __future__ import annotations

from collections.abc import Iterator
from unittest import mock

import pytest
import redis
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

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


class Counts(RuleBasedStateMachine):
    """Any sequence of what the site does to a count (set it with a lifetime,
    add one if absent as a rate limit does, count up or down, forget it)
    leaves each count as Django's contract says, and never without an expiry."""

    KEYS = ("a", "b")

    def __init__(self) -> None:
        super().__init__()
        servers.require_redis()
        self.prefix = f"incr_seq_{servers.RUN_ID}"
        self.cache = RedisCache(f"redis://127.0.0.1:6379/{REDIS_DB}", {"KEY_PREFIX": self.prefix})
        self.cache.delete_many(self.KEYS)
        self.expected: dict[str, int] = {}

    @rule(key=st.sampled_from(KEYS), value=st.integers(-5, 5))
    def set(self, key: str, value: int) -> None:
        self.cache.set(key, value, 60)
        self.expected[key] = value

    @rule(key=st.sampled_from(KEYS))
    def add(self, key: str) -> None:
        assert self.cache.add(key, 0, 60) == (key not in self.expected)
        self.expected.setdefault(key, 0)

    @rule(key=st.sampled_from(KEYS), delta=st.integers(-3, 3), down=st.booleans())
    def count(self, key: str, delta: int, down: bool) -> None:
        step = self.cache.decr if down else self.cache.incr
        if key not in self.expected:
            with pytest.raises(ValueError):
                step(key, delta)
            return
        self.expected[key] += -delta if down else delta
        assert step(key, delta) == self.expected[key]

    @rule(key=st.sampled_from(KEYS))
    def forget(self, key: str) -> None:
        self.cache.delete(key)
        self.expected.pop(key, None)

    @invariant()
    def each_count_is_as_expected_and_expires(self) -> None:
        client = self.cache._cache.get_client(None, write=True)
        for key in self.KEYS:
            assert self.cache.get(key) == self.expected.get(key)
            if key in self.expected:
                assert 0 < client.ttl(self.cache.make_key(key)) <= 60

    def teardown(self) -> None:
        self.cache.delete_many(self.KEYS)


def test_counts_hold_under_any_sequence_of_moves() -> None:
    run_state_machine_as_test(Counts, settings=settings(max_examples=40, deadline=None))
