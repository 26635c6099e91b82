"""The digest: new answers since the last one, each answer sent once to each subscriber."""

from __future__ import annotations

import datetime
import io
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from core.models import OutgoingEmail
from subscriptions.models import DigestDelivery, Subscription
from tests.conftest import send_outbox
from tests.factories import CategoryFactory, PublishedQuestionFactory, QuestionFactory, publish
from tests.subscription_helpers import ask_to_subscribe, subscribe_and_confirm

pytestmark = pytest.mark.django_db

READER = "juniper.reader@reader.test"


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.ASK_MIN_SECONDS = 0
    settings.SUBSCRIBE_RATE_LIMIT = "1000/h"
    settings.SITE_URL = "https://ms.example.org"
    settings.SITE_NAME = "Virtual MS Center"


def digests(frequency: str = "daily") -> str:
    out = io.StringIO()
    call_command("send_digests", "--frequency", frequency, stdout=out)
    return out.getvalue()


def digest_mail(email: str = READER) -> list:
    return [m for m in send_outbox() if m.to == [email] and "new answer" in m.subject]


def subscribed_an_hour_ago(email: str = READER, **choices) -> str:
    manage = subscribe_and_confirm(Client(), email, **choices)
    hour_ago = timezone.now() - datetime.timedelta(hours=1)
    Subscription.objects.filter(email=email).update(confirmed_at=hour_ago, last_digest_at=hour_ago)
    return manage


def published(title: str, *, minutes_ago: int = 30, category=None):
    question = QuestionFactory(title=title, **({"category": category} if category else {}))
    return publish(question, at=timezone.now() - datetime.timedelta(minutes=minutes_ago))


def test_the_digest_lists_each_new_answer_with_its_title_and_link_from_site_url():
    subscribed_an_hour_ago()
    question = published("Can I exercise in the heat with MS?")
    assert digests() == "1 daily digest(s) queued.\n"
    [digest] = digest_mail()
    assert digest.subject == "1 new answer from Virtual MS Center"
    assert "- Can I exercise in the heat with MS?" in digest.body
    assert f"https://ms.example.org{question.get_absolute_url()}" in digest.body
    html = digest.alternatives[0][0]
    assert (
        f'<a href="https://ms.example.org{question.get_absolute_url()}" style="color:#0b4f6c;">'
        "Can I exercise in the heat with MS?</a>"
    ) in html


def test_every_digest_carries_one_click_unsubscribe_and_bulk_headers():
    manage = subscribed_an_hour_ago()
    published("Does heat make MS symptoms worse?")
    digests()
    [digest] = digest_mail()
    unsubscribe = "https://ms.example.org" + manage.replace("/manage/", "/unsubscribe/")
    assert digest.extra_headers == {
        "Auto-Submitted": "auto-generated",
        "Precedence": "bulk",
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    assert f"https://ms.example.org{manage}" in digest.body


def test_running_the_command_twice_sends_nothing_twice():
    subscribed_an_hour_ago()
    published("Is fatigue part of MS?")
    digests()
    assert digests() == "0 daily digest(s) queued.\n"
    assert len(digest_mail()) == 1
    assert OutgoingEmail.objects.filter(to=READER, subject__contains="new answer").count() == 1


def test_an_answer_already_sent_is_not_sent_again_even_if_the_last_digest_mark_is_lost():
    subscribed_an_hour_ago()
    published("Is fatigue part of MS?")
    digests()
    # As if the mark had not been written: only the delivered rows stand in the way.
    hour_ago = timezone.now() - datetime.timedelta(hours=1)
    Subscription.objects.update(last_digest_at=hour_ago)
    assert digests() == "0 daily digest(s) queued.\n"
    assert len(digest_mail()) == 1


def test_the_database_refuses_a_second_delivery_of_one_answer_to_one_subscriber():
    subscribed_an_hour_ago()
    question = published("Is fatigue part of MS?")
    subscription = Subscription.objects.get()
    DigestDelivery.objects.create(subscription=subscription, question=question)
    with pytest.raises(IntegrityError), transaction.atomic():
        DigestDelivery.objects.create(subscription=subscription, question=question)


def test_a_run_that_crashes_half_way_sends_the_rest_next_time_and_nothing_twice():
    subscribed_an_hour_ago("first.reader@reader.test")
    subscribed_an_hour_ago("second.reader@reader.test")
    published("Can MS affect memory?")
    real_bulk_create = DigestDelivery.objects.bulk_create
    calls = []

    def crash_on_the_second(rows, *args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("the machine went down")
        return real_bulk_create(rows, *args, **kwargs)

    with (
        mock.patch.object(DigestDelivery.objects, "bulk_create", crash_on_the_second),
        pytest.raises(RuntimeError),
    ):
        digests()
    # The second digest was rolled back with its delivered rows: not in the outbox.
    assert OutgoingEmail.objects.filter(subject__contains="new answer").count() == 1
    assert digests() == "1 daily digest(s) queued.\n"
    assert len(digest_mail("first.reader@reader.test")) == 1
    assert len(digest_mail("second.reader@reader.test")) == 1
    assert digests() == "0 daily digest(s) queued.\n"


def test_nothing_is_sent_before_the_address_is_confirmed():
    ask_to_subscribe(Client(), READER, frequency="daily")
    Subscription.objects.update(created_at=timezone.now() - datetime.timedelta(days=1))
    published("Can MS affect memory?")
    assert digests() == "0 daily digest(s) queued.\n"
    assert digest_mail() == []


def test_answers_published_before_the_subscription_are_not_listed():
    published("An older answer", minutes_ago=24 * 60)
    subscribed_an_hour_ago()
    assert digests() == "0 daily digest(s) queued.\n"


def test_a_subscriber_of_one_topic_hears_only_of_answers_in_it():
    fatigue = CategoryFactory(name="Fatigue", slug="fatigue")
    infusions = CategoryFactory(name="Infusions", slug="infusions")
    subscribed_an_hour_ago(categories=(fatigue.pk,))
    published("Why am I so tired in the afternoon?", category=fatigue)
    published("How long does an Ocrevus infusion take?", category=infusions)
    digests()
    [digest] = digest_mail()
    assert "Why am I so tired in the afternoon? (Fatigue)" in digest.body
    assert "Ocrevus" not in digest.body


def test_weekly_subscribers_are_not_in_the_daily_run():
    subscribed_an_hour_ago(frequency="weekly")
    published("Can MS affect memory?")
    assert digests("daily") == "0 daily digest(s) queued.\n"
    assert digests("weekly") == "1 weekly digest(s) queued.\n"
    [digest] = digest_mail()
    assert "New answers from our MS clinicians this week:" in digest.body


def test_a_withdrawn_answer_is_not_listed():
    subscribed_an_hour_ago()
    question = published("Can MS affect memory?")
    question.status = question.Status.WITHDRAWN
    question.save()
    assert digests() == "0 daily digest(s) queued.\n"


def test_an_ended_subscription_gets_no_digest():
    manage = subscribed_an_hour_ago()
    Client().post(manage.replace("/manage/", "/unsubscribe/"))
    PublishedQuestionFactory()
    assert digests() == "0 daily digest(s) queued.\n"


@pytest.mark.parametrize(("subscribers", "queries"), [(3, 25), (30, 214)])
def test_the_digest_run_reads_once_for_everyone_and_writes_once_per_digest(
    subscribers, queries, django_assert_num_queries
):
    """Reads, shared: the subscribers; their topics; the recent answers with
    their signed text and category; the answers already sent to them. Then per
    digest, in its own transaction (savepoints here): savepoint; the subscriber
    locked; what it was sent of these, re-read; the outbox message; the
    delivered rows; the mark; release."""
    hour_ago = timezone.now() - datetime.timedelta(hours=1)
    for n in range(subscribers):
        subscription = Subscription(
            email=f"reader{n}@reader.test",
            frequency="daily",
            confirmed_at=hour_ago,
            last_digest_at=hour_ago,
        )
        subscription.new_token()
        subscription.save()
    for title in ["Can MS affect memory?", "Is fatigue part of MS?", "Does heat matter?"]:
        published(title)
    with django_assert_num_queries(queries):
        digests()
    assert OutgoingEmail.objects.count() == subscribers


def test_a_spanish_subscriber_hears_of_an_answer_when_its_translation_is_signed_however_late():
    """The English came out weeks before its translation, and a Spanish digest
    went out in between: the answer still reaches the Spanish reader, once."""
    from tests.translation_helpers import SPANISH_TITLE, translate

    email = "lectora@reader.test"
    weeks_ago = timezone.now() - datetime.timedelta(weeks=3)
    subscription = Subscription(
        email=email,
        language="es",
        frequency="daily",
        all_topics=True,
        confirmed_at=weeks_ago,
        last_digest_at=weeks_ago,
    )
    subscription.new_token()
    subscription.save()
    late = published("Can I travel by plane after an infusion?", minutes_ago=60 * 24 * 20)
    quick = published("Can I swim after an infusion?", minutes_ago=60 * 24 * 9)
    translate(quick, title="¿Puedo nadar después de una infusión?")
    digests()
    assert [m.subject for m in send_outbox() if m.to == [email]] == [
        "1 respuesta nueva de Virtual MS Center"
    ]
    translate(late, title=SPANISH_TITLE)  # signed now, twenty days after the English
    digests()
    [_, digest] = [m for m in send_outbox() if m.to == [email]]
    assert SPANISH_TITLE in digest.body and "nadar" not in digest.body
    digests()
    assert len([m for m in send_outbox() if m.to == [email]]) == 2  # nothing more
