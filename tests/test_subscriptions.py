"""A reader subscribes to new answers by email: double opt-in, manage, one-click end."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from core.models import OutgoingEmail
from subscriptions.models import NeverEmail, Subscription
from tests.conftest import client_for, send_outbox
from tests.factories import CategoryFactory, PublishedQuestionFactory
from tests.subscription_helpers import (
    ask_to_subscribe,
    link_in,
    mails_to,
    subscribe_and_confirm,
)

pytestmark = pytest.mark.django_db

READER = "juniper.reader@reader.test"


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.ASK_MIN_SECONDS = 0
    settings.SUBSCRIBE_RATE_LIMIT = "1000/h"
    settings.SITE_URL = "https://ms.example.org"


def test_the_subscribe_page_offers_topics_and_how_often_and_ticks_the_category_it_came_from(
    visitor,
):
    fatigue = CategoryFactory(name="Fatigue", slug="fatigue")
    CategoryFactory(name="Infusions", slug="infusions")
    html = visitor.get("/subscribe/?category=fatigue").content.decode()
    assert "Get new answers by email" in html
    assert f'value="{fatigue.pk}" id="id_categories_0" checked' in " ".join(html.split())
    assert "Weekly: one email a week" in html
    assert 'name="captcha_1"' in html


def test_subscribing_sends_only_a_confirmation_that_expires_after_48_hours(visitor):
    response = ask_to_subscribe(visitor, READER)
    assert response["Location"] == "/subscribe/sent/"
    page = visitor.get("/subscribe/sent/").content.decode()
    assert "Please check your email" in page
    assert READER not in page
    [confirmation] = mails_to(READER)
    assert confirmation.subject == "Please confirm your subscription"
    assert "confirm within 48 hours" in confirmation.body
    assert Subscription.objects.get().confirmed_at is None

    Subscription.objects.update(mailed_at=timezone.now() - datetime.timedelta(hours=49))
    response = visitor.post(link_in(confirmation, "confirm"))
    assert response.status_code == 404
    assert "This link no longer works" in response.content.decode()
    assert Subscription.objects.get().confirmed_at is None


def test_opening_the_confirmation_link_shows_a_button_and_confirms_nothing_by_itself(visitor):
    ask_to_subscribe(visitor, READER)
    [confirmation] = mails_to(READER)
    page = visitor.get(link_in(confirmation, "confirm"))
    assert "Yes, email me new answers" in page.content.decode()
    assert Subscription.objects.get().confirmed_at is None

    response = visitor.post(link_in(confirmation, "confirm"), follow=True)
    html = response.content.decode()
    assert "Thank you: your subscription is confirmed." in html
    assert READER not in html
    assert Subscription.objects.get().confirmed_at is not None
    again = visitor.post(link_in(confirmation, "confirm"))
    assert again.status_code == 404, "a confirmation link works once"


def test_a_mistake_on_the_form_keeps_the_address_and_says_what_to_fix(visitor):
    response = visitor.post("/subscribe/", {"email": "juniper.reader@", "frequency": "daily"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "This does not look like an email address." in html
    assert 'value="juniper.reader@"' in html
    assert Subscription.objects.count() == 0


def test_asking_again_within_the_hour_sends_no_second_email(visitor):
    ask_to_subscribe(visitor, READER)
    ask_to_subscribe(Client(), "Juniper.Reader@Reader.Test")
    assert [m.to for m in send_outbox()] == [[READER]]
    assert Subscription.objects.count() == 1


def test_a_subscribed_address_typed_in_again_gets_its_manage_link_and_nothing_changes(visitor):
    manage = subscribe_and_confirm(visitor, READER, frequency="weekly")
    Subscription.objects.update(mailed_at=timezone.now() - datetime.timedelta(hours=2))
    other = Client()
    response = ask_to_subscribe(other, READER, frequency="daily")
    assert response["Location"] == "/subscribe/sent/"
    [notice] = [m for m in mails_to(READER) if m.subject == "You are already subscribed"]
    assert link_in(notice, "manage") == manage
    assert Subscription.objects.get().frequency == "weekly"


def test_the_manage_page_changes_topics_and_frequency_and_never_shows_the_address(visitor):
    fatigue = CategoryFactory(name="Fatigue", slug="fatigue")
    manage = subscribe_and_confirm(visitor, READER)
    response = visitor.post(
        manage, {"categories": [str(fatigue.pk)], "frequency": "weekly"}, follow=True
    )
    html = response.content.decode()
    assert "Your choices are saved." in html
    assert READER not in html
    subscription = Subscription.objects.get()
    assert subscription.frequency == "weekly"
    assert [c.name for c in subscription.categories.all()] == ["Fatigue"]


def test_one_click_unsubscribe_is_a_post_without_a_csrf_token_and_can_be_repeated():
    reader = Client()
    manage = subscribe_and_confirm(reader, READER)
    unsubscribe = manage.replace("/manage/", "/unsubscribe/")
    provider = Client(enforce_csrf_checks=True)
    response = provider.post(unsubscribe, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert Subscription.objects.count() == 0
    assert provider.post(unsubscribe, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert NeverEmail.objects.count() == 0
    assert reader.get(manage).status_code == 404


def test_opening_the_unsubscribe_link_shows_a_button_and_ends_nothing(visitor):
    manage = subscribe_and_confirm(visitor, READER)
    page = visitor.get(manage.replace("/manage/", "/unsubscribe/"))
    assert "End my subscription" in page.content.decode()
    assert Subscription.objects.count() == 1


def test_never_again_keeps_only_a_keyed_hash_and_the_form_then_sends_nothing(visitor):
    manage = subscribe_and_confirm(visitor, READER)
    visitor.post(manage.replace("/manage/", "/unsubscribe/"), {"never": "on"})
    [entry] = NeverEmail.objects.all()
    assert READER not in entry.address_hash
    assert len(entry.address_hash) == 64
    before = len(mails_to(READER))
    response = ask_to_subscribe(Client(), READER)
    assert response["Location"] == "/subscribe/sent/", "the same page: nothing is revealed"
    assert len(mails_to(READER)) == before
    assert Subscription.objects.count() == 0


def test_unconfirmed_addresses_are_erased_a_week_after_the_confirmation_email(visitor):
    ask_to_subscribe(visitor, "six.days@reader.test")
    ask_to_subscribe(Client(), "eight.days@reader.test")
    now = timezone.now()
    Subscription.objects.filter(email="six.days@reader.test").update(
        mailed_at=now - datetime.timedelta(days=6)
    )
    Subscription.objects.filter(email="eight.days@reader.test").update(
        mailed_at=now - datetime.timedelta(days=8)
    )
    call_command("purge_personal_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert list(Subscription.objects.values_list("email", flat=True)) == ["six.days@reader.test"]


def test_a_confirmed_subscription_is_not_purged(visitor):
    subscribe_and_confirm(visitor, READER)
    Subscription.objects.update(mailed_at=timezone.now() - datetime.timedelta(days=30))
    call_command("purge_personal_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Subscription.objects.count() == 1


def test_the_admin_dashboard_counts_subscribers_and_lists_no_address(visitor, moderator):
    subscribe_and_confirm(visitor, READER)
    ask_to_subscribe(Client(), "waiting.reader@reader.test")
    html = client_for(moderator).get("/admin/").content.decode()
    assert "<strong>1</strong> confirmed subscriber, <strong>1</strong> waiting" in html
    assert READER not in html
    assert "waiting.reader" not in html


def test_a_persons_data_can_be_exported_and_erased_on_request(visitor, capsys):
    subscribe_and_confirm(visitor, READER, frequency="weekly")
    call_command("subscriber_data", READER)
    exported = capsys.readouterr().out
    assert f'"email": "{READER}"' in exported
    assert '"frequency": "weekly"' in exported
    assert '"categories": [\n    "all answers"\n  ]' in exported
    call_command("subscriber_data", READER, "--erase")
    assert Subscription.objects.count() == 0


def test_too_many_requests_from_one_connection_are_refused_in_plain_words(visitor, settings):
    settings.SUBSCRIBE_RATE_LIMIT = "2/h"
    ask_to_subscribe(visitor, "one@reader.test")
    ask_to_subscribe(visitor, "two@reader.test")
    response = ask_to_subscribe(visitor, "three@reader.test")
    assert response.status_code == 429
    assert "You have sent 2 subscription requests from your connection" in (
        response.content.decode()
    )
    assert Subscription.objects.count() == 2


def test_after_unsubscribing_the_address_is_nowhere_in_the_database(visitor, settings):
    settings.SITE_URL = "https://ms.example.org"
    manage = subscribe_and_confirm(visitor, READER)
    hour_ago = timezone.now() - datetime.timedelta(hours=1)
    Subscription.objects.update(confirmed_at=hour_ago, last_digest_at=hour_ago)
    PublishedQuestionFactory()
    call_command("send_digests", "--frequency", "daily", stdout=io.StringIO())
    send_outbox()  # the confirmation and the digest, sent
    PublishedQuestionFactory()
    Subscription.objects.update(last_digest_at=hour_ago)
    call_command("send_digests", "--frequency", "daily", stdout=io.StringIO())  # waiting
    Client().post(manage.replace("/manage/", "/unsubscribe/"))
    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)
    assert READER not in dump.getvalue().lower()
    assert not OutgoingEmail.objects.filter(sent_at__isnull=True, to="").exists()
    assert len([m for m in send_outbox() if m.to == [READER]]) == 2, "the waiting digest is dropped"


def test_an_address_too_long_to_store_is_refused_on_the_form(visitor):
    response = ask_to_subscribe(visitor, "a" * 250 + "@reader.test")
    assert response.status_code == 200
    assert "An email address has at most 254 characters; this one has 262." in (
        response.content.decode()
    )


def test_the_pages_say_how_long_a_link_works_and_an_address_is_kept_from_the_rules(
    monkeypatch, visitor
):
    import datetime

    from subscriptions import services as subscription_services
    from subscriptions import views as subscription_views

    sent = visitor.get("/subscribe/sent/").content.decode()
    assert "The link works for 48 hours." in sent
    assert "nobody confirms within 7 days." in sent
    monkeypatch.setattr(subscription_views, "CONFIRM_VALID", datetime.timedelta(hours=24))
    monkeypatch.setattr(subscription_services, "UNCONFIRMED_KEPT", datetime.timedelta(days=1))
    sent = visitor.get("/subscribe/sent/").content.decode()
    assert "The link works for 24 hours." in sent
    assert "nobody confirms within 1 day." in sent
    gone = visitor.get(f"/es/subscribe/confirm/{'x' * 43}/").content.decode()
    assert "durante 24 horas" in gone
