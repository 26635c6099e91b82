"""The subscription forms refuse a post without their CSRF token, except the
one-click unsubscribe, which mail providers post without one (RFC 8058)."""

from __future__ import annotations

import pytest

from subscriptions.models import Subscription
from tests.forms import form_fields
from tests.test_csrf import WITHOUT, assert_refused, strict, token_on

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _quick(settings):
    settings.ASK_MIN_SECONDS = 0
    settings.SUBSCRIBE_RATE_LIMIT = "1000/h"


def confirmed() -> str:
    subscription = Subscription(email="reader@reader.test", frequency="daily")
    token = subscription.new_token()
    subscription.save()
    Subscription.objects.update(
        confirmed_at=subscription.created_at, last_digest_at=subscription.created_at
    )
    return token


@pytest.mark.parametrize("forged", WITHOUT)
def test_the_subscribe_form_refuses_a_post_without_its_token(forged):
    reader = strict()
    data = {**form_fields(reader, "/subscribe/"), "email": "a@reader.test", "frequency": "daily"}
    assert_refused(reader.post("/subscribe/", {**data, **forged(None)}))
    assert Subscription.objects.count() == 0
    data = {
        **data,
        **form_fields(reader, "/subscribe/"),
        "csrfmiddlewaretoken": token_on(reader, "/subscribe/"),
    }
    assert reader.post("/subscribe/", data).status_code == 302
    assert Subscription.objects.count() == 1


@pytest.mark.parametrize("forged", WITHOUT)
def test_the_manage_form_refuses_a_post_without_its_token(forged):
    url = f"/subscribe/manage/{confirmed()}/"
    reader = strict()
    reader.get(url)
    assert_refused(reader.post(url, {"frequency": "weekly", **forged(None)}))
    assert Subscription.objects.get().frequency == "daily"
    response = reader.post(
        url, {"frequency": "weekly", "csrfmiddlewaretoken": token_on(reader, url)}
    )
    assert response.status_code == 302
    assert Subscription.objects.get().frequency == "weekly"


def test_the_one_click_unsubscribe_needs_no_token():
    url = f"/subscribe/unsubscribe/{confirmed()}/"
    provider = strict()
    assert provider.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert Subscription.objects.count() == 0
