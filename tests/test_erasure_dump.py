"""Erasure that erases: after each way of erasing a person, a dump of every
table of the database holds none of their strings.

The people and the whole flow (asking through the form, de-identifying,
answering, signing and publishing through the admin, declining, commenting,
subscribing, the mail sent) are the privacy scan's (tests/test_privacy_scan.py,
tests/privacy_people.py). Each test then erases one person the way the product
offers, and reads every table the database lists, row by row; the other people
of the flow are still found there, so a scan that finds nothing is not blind.
"""

from __future__ import annotations

import datetime
import io
import json
import re

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from feedback.models import Feedback
from questions.models import Comment, Question, Transition
from subscriptions.models import Subscription
from tests.conftest import send_outbox
from tests.factories import CommentFactory, PublishedQuestionFactory
from tests.forms import form_fields
from tests.privacy_people import COMMENTERS, PATIENTS, SUBSCRIBERS, secrets_of
from tests.subscription_helpers import SITE, ask_to_subscribe, subscribe_and_confirm
from tests.test_privacy_scan import _live_through

pytestmark = pytest.mark.django_db

PUBLISHED, ALSO_PUBLISHED, DECLINED, WAITING = PATIENTS


@pytest.fixture
def flow(settings, ask_settings):
    settings.COMMENT_RATE_LIMIT = "1000/h"
    settings.SUBSCRIBE_RATE_LIMIT = "1000/h"
    settings.HELPFUL_RATE_LIMIT = "1000/h"
    settings.MODERATOR_EMAILS = ["moderators@clinic.test"]
    settings.SITE_URL = SITE
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    return _live_through()


def _text(value) -> str:
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def dump() -> str:
    """Every row of every table the database lists (Django's, the search's
    full-text tables, the many-to-many ones), and the sessions decoded."""
    rows = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            rows += [" | ".join(map(_text, row)) for row in cursor.fetchall()]
    rows += [json.dumps(session.get_decoded()) for session in Session.objects.all()]
    return "\n".join(rows)


def found(strings: list[str]) -> list[str]:
    everything = dump().lower()
    return [s for s in strings if s.lower() in everything]


def token_of(person: dict) -> str:
    return re.search(r"/ask/status/([0-9a-f]{64})/", person["status_url"])[1]


def contact_details_of(person: dict) -> list[str]:
    """Who they are, without what they asked: name, each part of it, address, IP
    address, and the private link to their page."""
    return [
        person["name"],
        *person["name"].split(),
        person["email"],
        person["address"],
        token_of(person),
    ]


def everything_of(person: dict) -> list[str]:
    return [*secrets_of(person), token_of(person)]


def others_than(person: dict) -> list[str]:
    """Addresses of people nobody erased: found before and after, a control
    (the flow erased the first commenter's address itself, after the reply)."""
    others = [p["email"] for p in PATIENTS if p is not person]
    return [*others, COMMENTERS[1]["email"], SUBSCRIBERS[0]["email"]]


def erase_on_status_page(person: dict, *, wording: bool) -> str:
    """Press a button on the private status page, then "Yes" on the page that
    asks; the page it leads to."""
    patient = Client(enforce_csrf_checks=True)
    page = patient.get(person["status_url"]).content.decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    data = {"csrfmiddlewaretoken": csrf, **({"wording": "1"} if wording else {})}
    asking = patient.post(person["status_url"] + "erase/", data)
    assert asking.status_code == 200 and "This cannot be undone." in asking.content.decode()
    response = patient.post(
        person["status_url"] + "erase/", {**data, "confirmed": "1"}, follow=True
    )
    assert response.status_code == 200
    return response.content.decode()


# The patient's buttons on the status page


def test_erasing_name_and_email_on_the_status_page_leaves_them_in_no_table(flow):
    person = PUBLISHED
    # A control: the details are there before (the IP address never was, only a keyed hash).
    assert set(found(contact_details_of(person))) == {*contact_details_of(person)} - {
        person["address"]
    }

    page = erase_on_status_page(person, wording=False)

    assert "Your name and email have been erased." in page
    assert found(contact_details_of(person)) == []
    # What they wrote stays (they may erase it too), without their name in it.
    assert "Quenby Falls" in page and "Zarkovic" not in page
    assert "Erase what I wrote" in page
    assert "We hold no name or email for this question." in page
    assert found(others_than(person)) == others_than(person)


@pytest.mark.parametrize("person", [ALSO_PUBLISHED, DECLINED, WAITING], ids=lambda p: p["fate"])
def test_erasing_what_they_wrote_too_leaves_none_of_their_strings_in_any_table(flow, person):
    assert found(everything_of(person)), "a control: their strings are there before"

    page = erase_on_status_page(person, wording=True)

    assert "Your name, your email and what you wrote have been erased." in page
    assert "Your original wording and contact details have been erased" in page
    assert found(everything_of(person)) == []
    assert [s for s in secrets_of(person) if s.lower() in page.lower()] == []
    assert "Erase what I wrote" not in page
    assert found(others_than(person)) == others_than(person)


def test_after_erasing_what_they_wrote_the_page_says_what_remains(flow):
    page = erase_on_status_page(ALSO_PUBLISHED, wording=True)
    assert (
        "What remains is the published version, which our moderators rewrote so that it "
        "does not identify you, and its answer." in page
    )
    question = Question.objects.get(title=ALSO_PUBLISHED["public_title"])
    assert f'<a href="{question.get_absolute_url()}">Read the answer</a>' in page
    # The public page is the de-identified version, as it was.
    public = Client().get(question.get_absolute_url()).content.decode()
    assert ALSO_PUBLISHED["public_body"] in public

    page = erase_on_status_page(DECLINED, wording=True)
    assert "What remains is a record that a question was sent and declined" in page


def test_a_question_still_waiting_keeps_its_place_but_not_the_patients_words(flow):
    erase_on_status_page(WAITING, wording=True)
    question = Question.objects.get(submission__original_text="", status="new")
    assert (question.title, question.body) == ("[erased]", "[erased]")


# The daily retention purge


def test_the_retention_purge_leaves_none_of_their_strings_in_any_table(flow, settings):
    # Two readers who never confirm: one confirmation email went, one is still
    # waiting in the outbox (the mail server was down).
    mailed, unsent = "never.confirmed@reader-private.test", "never.sent@reader-private.test"
    ask_to_subscribe(Client(REMOTE_ADDR="192.0.2.93"), mailed)
    send_outbox()
    ask_to_subscribe(Client(REMOTE_ADDR="192.0.2.94"), unsent)
    # A reader's note under an answer, naming themselves.
    note = "Thank you. Tobiah Wrenfield-Ashby, tobiah@reader-private.test"
    slug = Question.objects.published().first().slug
    Client().post(f"/questions/{slug}/helpful/", {"helpful": "yes", "note": note})
    settings.PATIENT_DATA_RETENTION_DAYS = 90
    settings.COMMENTER_EMAIL_RETENTION_DAYS = 30
    assert found([mailed, unsent, note]) == [mailed, unsent, note]

    # The retention times pass: the rows are dated back as the clock would move on.
    long_ago = datetime.timedelta(days=91)
    Transition.objects.update(created_at=timezone.now() - long_ago)
    Comment.objects.exclude(moderated_at=None).update(moderated_at=timezone.now() - long_ago)
    Subscription.objects.filter(confirmed_at=None).update(mailed_at=timezone.now() - long_ago)
    Feedback.objects.update(created_at=timezone.now() - datetime.timedelta(days=181))
    call_command("purge_personal_data", stdout=io.StringIO())

    for person in (PUBLISHED, ALSO_PUBLISHED, DECLINED):
        assert found(everything_of(person)) == [], person["fate"]
    approved_commenter = COMMENTERS[0]
    assert found([approved_commenter["name"], approved_commenter["email"]]) == []
    assert found([mailed, unsent]) == []
    # The note goes after half a year; the "yes" still counts.
    assert found([note, "Wrenfield"]) == []
    assert list(Feedback.objects.values_list("helpful", flat=True)) == [True]
    # Not due: a question still waiting, a comment nobody has moderated yet, a
    # confirmed subscriber.
    assert found([WAITING["question"], COMMENTERS[1]["email"], SUBSCRIBERS[0]["email"]]) == [
        WAITING["question"],
        COMMENTERS[1]["email"],
        SUBSCRIBERS[0]["email"],
    ]


def test_rejected_and_spam_comments_are_deleted_after_the_commenters_retention_time(settings):
    settings.COMMENTER_EMAIL_RETENTION_DAYS = 30
    qa = PublishedQuestionFactory()
    month_ago = timezone.now() - datetime.timedelta(days=31)
    shown = CommentFactory(question=qa, moderated_at=month_ago)
    words = ["Zanzibar-Quillon says", "Buy Quillonex now"]
    for status, body in zip(["rejected", "spam"], words, strict=True):
        CommentFactory(question=qa, status=status, body=body, moderated_at=month_ago)
    just_rejected = CommentFactory(question=qa, status="rejected", moderated_at=timezone.now())

    call_command("purge_personal_data", stdout=io.StringIO())

    assert sorted(Comment.objects.values_list("pk", flat=True)) == [shown.pk, just_rejected.pk]
    assert found(words) == []


# A person's request about their address


def test_erasing_an_address_on_request_leaves_none_of_its_strings_in_any_table(flow, capsys):
    person = PUBLISHED
    email = person["email"]
    # The same person also subscribes, comments and leaves a note naming themselves.
    reader = Client(REMOTE_ADDR=person["address"])
    subscribe_and_confirm(reader, email)
    question = Question.objects.get(title=ALSO_PUBLISHED["public_title"])
    url = f"/questions/{question.slug}/reply/"
    comment = "Xylophonic greetings from Quenby Falls, thank you for this answer."
    data = {**form_fields(reader, url), "comment": comment, "name": person["name"]}
    assert reader.post(url, {**data, "email": email}).status_code == 302
    note = f"Please write to me at {email} about this."
    reader.post(f"/questions/{question.slug}/helpful/", {"helpful": "no", "note": note})
    assert found([comment, note]) == [comment, note]

    call_command("subscriber_data", email.upper())
    exported = json.loads(capsys.readouterr().out)
    assert exported["email"] == email
    assert [q["subject"] for q in exported["questions"]] == [person["subject"]]
    assert [c["comment"] for c in exported["comments"]] == [comment]
    assert "We received your question" in [m["subject"] for m in exported["emails"]]
    assert [n["note"] for n in exported["feedback_notes"]] == [note]

    call_command("subscriber_data", email, "--erase", stdout=io.StringIO())

    assert found([*everything_of(person), comment, note]) == []
    assert found(others_than(person)) == others_than(person)
    with pytest.raises(CommandError, match="We hold nothing for that address"):
        call_command("subscriber_data", email)
