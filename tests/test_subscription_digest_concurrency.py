"""Two runs of the digest command at the same moment send each answer once."""

from __future__ import annotations

import datetime

from django.utils import timezone

from core.models import OutgoingEmail
from subscriptions.digest import send_digests
from subscriptions.models import DigestDelivery, Subscription
from tests.factories import PublishedQuestionFactory


def test_two_runs_at_once_queue_one_digest_per_subscriber_listing_each_answer_once(
    run_in_threads,
):
    hour_ago = timezone.now() - datetime.timedelta(hours=1)
    for n in range(5):
        subscription = Subscription(
            email=f"reader{n}@reader.test",
            frequency="daily",
            confirmed_at=hour_ago,
            last_digest_at=hour_ago,
        )
        subscription.new_token()
        subscription.save()
    PublishedQuestionFactory()
    PublishedQuestionFactory()

    first, second = run_in_threads(
        lambda: send_digests(frequency="daily"), lambda: send_digests(frequency="daily")
    )
    assert [type(first), type(second)] == [int, int], (first, second)  # no run failed
    assert first + second == 5
    [(emails, rows)] = run_in_threads(
        lambda: (OutgoingEmail.objects.count(), DigestDelivery.objects.count())
    )
    assert (emails, rows) == (5, 10)
