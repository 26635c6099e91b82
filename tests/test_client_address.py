"""Behind the site's own proxies, a client is counted by the address the
proxies saw, whatever it writes in X-Forwarded-For itself."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

TYPED = {"subject": "Heat and fatigue", "question": "Does a hot bath make MS fatigue worse?"}


@pytest.fixture
def behind_one_proxy(settings):
    settings.RATELIMIT_IP_META_KEY = "HTTP_X_FORWARDED_FOR"
    settings.TRUSTED_PROXY_COUNT = 1
    settings.SIMILAR_RATE_LIMIT = "2/m"


def through_proxy(client: Client, *, client_wrote: str, proxy_saw: str) -> int:
    """A post as nginx forwards it: what the client sent, then the address nginx saw."""
    forwarded = f"{client_wrote}, {proxy_saw}" if client_wrote else proxy_saw
    return client.post("/ask/similar/", TYPED, HTTP_X_FORWARDED_FOR=forwarded).status_code


def test_a_client_writing_a_new_address_each_time_is_still_limited(behind_one_proxy):
    robot = Client()
    sent = [
        through_proxy(robot, client_wrote=f"198.51.100.{n}", proxy_saw="203.0.113.7")
        for n in range(4)
    ]
    assert sent == [200, 200, 429, 429]


def test_other_clients_behind_the_same_proxy_are_not_limited_by_one(behind_one_proxy):
    robot, patient = Client(), Client()
    for _ in range(3):
        through_proxy(robot, client_wrote="", proxy_saw="203.0.113.7")
    assert through_proxy(patient, client_wrote="", proxy_saw="203.0.113.8") == 200


def test_behind_two_proxies_the_address_the_outer_one_saw_counts(behind_one_proxy, settings):
    settings.TRUSTED_PROXY_COUNT = 2
    robot = Client()
    sent = [
        robot.post(
            "/ask/similar/",
            TYPED,
            # The client's own entry, the outer proxy's (the client), the inner proxy's.
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.7, 10.0.0.2",
        ).status_code
        for n in range(3)
    ]
    assert sent == [200, 200, 429]
