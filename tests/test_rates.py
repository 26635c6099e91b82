"""Our reading of a rate ("5/m", "10/15m") is the one django-ratelimit enforces."""

from __future__ import annotations

import time

import pytest
from django.http import HttpRequest, JsonResponse
from django.test import Client
from django.urls import path
from django_ratelimit.core import get_usage
from django_ratelimit.decorators import ratelimit

from core.rates import parse_rate

GROUP = "rates-test"


def _one_client(group: str, request: HttpRequest) -> str:
    return "one-client"


def _rate_asked_for(group: str, request: HttpRequest) -> str:
    return request.GET["rate"]


@ratelimit(group=GROUP, key=_one_client, rate=_rate_asked_for, block=False)
def limited(request: HttpRequest) -> JsonResponse:
    """Counted by the library's decorator; says what the library counted."""
    counted = get_usage(request, group=GROUP, key=_one_client, rate=_rate_asked_for)
    return JsonResponse(
        {"count": counted["count"], "time_left": counted["time_left"]},
        status=429 if request.limited else 200,
    )


urlpatterns = [path("limited/", limited)]


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Time stands still unless a test moves it (clock[0] += seconds): a window of
    one second must not end between two requests of the same test."""
    now = [1_800_000_000.0]
    monkeypatch.setattr(time, "time", lambda: now[0])
    return now


@pytest.mark.parametrize(
    ("text", "count", "seconds"),
    [
        ("5/s", 5, 1),
        ("5/m", 5, 60),
        ("100/h", 100, 3600),
        ("1/d", 1, 86400),
        # The library's own example: three ways to say a hundred per five minutes.
        ("100/5m", 100, 300),
        ("100/300s", 100, 300),
        ("100/300", 100, 300),
        ("10/15m", 10, 900),
        ("3/30s", 3, 30),
        ("2/2d", 2, 172800),
        ("0/s", 0, 1),  # documented as "no requests at all"
    ],
)
def test_each_documented_form_reads_as_a_count_and_seconds(text, count, seconds):
    assert parse_rate(text) == (count, seconds)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "lots",
        "five per hour",
        "/h",
        "5",
        "5/",  # no period: the library would take five a second
        "5/x",  # the library would read "5/" and take five a second
        "5/M",  # units are lower case in the library
        "5/min",
        "5/hour",
        "5 /h",
        " 5/h",
        "5/h ",
        "-5/h",
        "5.5/h",
        "5/1.5h",
        "5/h/h",
        "5/0m",  # a period of no time
        "5/0",
        "٥/h",  # an Arabic-Indic five: not what anyone means to type
    ],
)
def test_a_bad_rate_is_a_value_error_that_says_what_a_rate_looks_like(text):
    with pytest.raises(ValueError) as refused:
        parse_rate(text)
    assert "such as 5/m" in str(refused.value) or "zero seconds" in str(refused.value)
    assert repr(text) in str(refused.value)


@pytest.mark.parametrize("value", [None, 5, (5, 60), b"5/m"])
def test_something_other_than_text_is_a_value_error(value):
    with pytest.raises(ValueError, match="A rate is text such as 5/m"):
        parse_rate(value)


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("rate", ["3/m", "2/5m", "4/300", "1/h", "2/s", "0/s", "7/2d"])
def test_the_library_lets_through_as_many_requests_as_we_count(clock, rate):
    count, _ = parse_rate(rate)
    client = Client()
    statuses = [client.get("/limited/", {"rate": rate}).status_code for _ in range(count + 1)]
    assert statuses == [200] * count + [429]


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("rate", ["3/m", "2/5m", "4/300", "1/h", "2/s", "10/15m", "7/2d"])
def test_the_library_counts_over_the_period_we_read(clock, rate):
    """The library counts in back-to-back windows of the period, each ending at a
    moment of its own choosing: a window holds exactly the seconds we read."""
    _, seconds = parse_rate(rate)
    client = Client()

    def ask() -> dict:
        return client.get("/limited/", {"rate": rate}).json()

    clock[0] += ask()["time_left"] + 1  # the first second of the next window
    assert ask() == {"count": 1, "time_left": seconds - 1}
    clock[0] += seconds - 1  # its last second
    assert ask() == {"count": 2, "time_left": 0}
    clock[0] += 1
    assert ask() == {"count": 1, "time_left": seconds - 1}
