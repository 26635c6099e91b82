"""Mail never jams: whatever addresses are typed in and however the mail server
answers, the email a patient is waiting for still leaves on the next run.

Every form takes an address only in a form a mail server accepts, and one
mailbox is one address however it is spelled (the do-not-email list and the
hourly cap compare that one form). A message the server will not take waits
longer after each try, then is set aside for the administrator; mail that
fails never stands in front of new mail. Staff emails leave out the patients'
disclaimer; deleting a topic never widens what a subscriber receives."""

from __future__ import annotations

import datetime
import io
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from core.models import OutgoingEmail
from feedback.models import Feedback
from questions import notifications, services
from questions.models import Comment, PatientSubmission, Question
from subscriptions.models import Subscription
from subscriptions.services import purge_unconfirmed, subscription_request
from tests.conftest import client_for, send_outbox
from tests.factories import (
    CategoryFactory,
    CommentFactory,
    QuestionFactory,
    ask_form_data,
    form_values,
    publish,
)
from tests.forms import form_fields
from tests.subscription_helpers import ask_to_subscribe, link_in, mails_to, subscribe_and_confirm

pytestmark = pytest.mark.django_db

PATIENT = "imogen.patient@patient.test"
REFUSED_DOMAIN = "refused.test"
# The text of the disclaimer, as only the disclaimer says it.
DISCLAIMER = "Reading or asking here does not make anyone your clinician"


@pytest.fixture(autouse=True)
def _settings(settings, ask_settings):
    settings.SUBSCRIBE_RATE_LIMIT = "1000/h"
    settings.COMMENT_RATE_LIMIT = "1000/h"
    settings.SITE_URL = "https://ms.example.org"
    settings.MODERATOR_EMAILS = ["triage@clinic.test"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    RefusingBackend.tried = []
    UnreachableBackend.tried = []


class RefusingBackend(LocmemBackend):
    """A mail server that refuses every address under refused.test for good
    (550: no such mailbox) and takes all other mail."""

    tried: list[str] = []

    def send_messages(self, messages):
        for message in messages:
            RefusingBackend.tried.extend(message.to)
            refused = {
                to: (550, b"5.1.1 Mailbox unavailable")
                for to in message.to
                if to.endswith("@" + REFUSED_DOMAIN)
            }
            if refused:
                raise smtplib.SMTPRecipientsRefused(refused)
        return super().send_messages(messages)


class UnreachableBackend(LocmemBackend):
    """A mail server that is down: every connection drops."""

    tried: list[str] = []

    def send_messages(self, messages):
        for message in messages:
            UnreachableBackend.tried.extend(message.to)
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def run_outbox() -> str:
    out = io.StringIO()
    call_command("send_outbox", stdout=out)
    return out.getvalue().strip()


# --- Mail that never jams -------------------------------------------------------------


def test_three_hundred_refused_addresses_never_hold_back_a_patients_email(patient, settings):
    settings.EMAIL_BACKEND = "tests.test_mail_never_jams.RefusingBackend"
    for n in range(300):
        subscription_request(email=f"nobody{n}@{REFUSED_DOMAIN}", categories=[], frequency="daily")
    assert OutgoingEmail.objects.count() == 300

    response = patient.post("/ask/", ask_form_data(patient, email=PATIENT))
    assert response.status_code == 302

    delivered = send_outbox()
    [received] = [m for m in delivered if m.to == [PATIENT]]
    assert received.subject == "We received your question"
    assert "https://ms.example.org/ask/status/" in received.body
    assert [m.to for m in delivered if m.to != [PATIENT]] == [["triage@clinic.test"]]

    # The burst drains over the next runs; each refused address is tried once.
    assert run_outbox() == "0 sent, 0 still waiting, 102 set aside."
    assert run_outbox() == "0 sent, 0 still waiting."
    refused_tries = [to for to in RefusingBackend.tried if to.endswith(REFUSED_DOMAIN)]
    assert len(refused_tries) == len(set(refused_tries)) == 300
    assert OutgoingEmail.objects.filter(failed_at__isnull=False).count() == 300
    assert set(OutgoingEmail.objects.filter(failed_at__isnull=False).values_list("last_error")) == {
        ("SMTPRecipientsRefused 550",)
    }


def test_a_message_the_server_keeps_failing_is_tried_less_often_then_set_aside(
    settings, monkeypatch
):
    settings.EMAIL_BACKEND = "tests.test_mail_never_jams.UnreachableBackend"
    settings.OUTBOX_MAX_ATTEMPTS = 5
    settings.OUTBOX_RETRY_SECONDS = 300
    question = QuestionFactory()
    notifications.patient_acknowledged(question, status_url="https://ms.example.org/ask/status/x/")
    start = timezone.now()
    tried_at_minute = []
    for minute in range(120):  # cron: one run a minute, for two hours
        monkeypatch.setattr(timezone, "now", lambda m=minute: start + datetime.timedelta(minutes=m))
        before = len(UnreachableBackend.tried)
        run_outbox()
        if len(UnreachableBackend.tried) > before:
            tried_at_minute.append(minute)

    # Next run, then 5, 10 and 20 minutes later; then set aside, never tried again.
    assert tried_at_minute == [0, 1, 6, 16, 36]
    message = OutgoingEmail.objects.get()
    assert message.failed_at == start + datetime.timedelta(minutes=36)
    assert (message.attempts, message.last_error, message.sent_at) == (
        5,
        "SMTPServerDisconnected",
        None,
    )


def test_mail_that_failed_before_waits_behind_mail_never_tried(settings):
    """Two messages, one run that may send one: the new one goes first."""
    settings.EMAIL_BACKEND = "tests.test_mail_never_jams.UnreachableBackend"
    question = QuestionFactory()
    notifications.patient_acknowledged(question, status_url="https://ms.example.org/ask/status/a/")
    run_outbox()  # the mail server is down: one failed try
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    second = QuestionFactory()
    PatientSubmission.objects.filter(question=second).update(email="second@patient.test")
    second = Question.objects.get(pk=second.pk)
    notifications.patient_acknowledged(second, status_url="https://ms.example.org/ask/status/b/")

    call_command("send_outbox", "--limit", "1", stdout=io.StringIO())

    assert [m.to for m in send_outbox()[:1]] == [["second@patient.test"]]


def test_an_address_given_for_one_email_is_erased_when_that_email_is_set_aside(
    settings, qa, expert
):
    settings.EMAIL_BACKEND = "tests.test_mail_never_jams.RefusingBackend"
    comment = CommentFactory(question=qa, notify_reply=True, author_email=f"gone@{REFUSED_DOMAIN}")
    services.comment_reply(comment_id=comment.pk, actor=expert, body="Thank you for asking.")

    assert run_outbox() == "0 sent, 0 still waiting, 1 set aside."
    assert list(OutgoingEmail.objects.values_list("to", "attempts")) == [("", 1)]


def test_the_dashboard_counts_the_emails_set_aside_and_they_can_be_sent_again(superuser, settings):
    settings.EMAIL_BACKEND = "tests.test_mail_never_jams.RefusingBackend"
    for n in range(3):
        subscription_request(email=f"reader{n}@{REFUSED_DOMAIN}", categories=[], frequency="daily")
    run_outbox()
    admin = client_for(superuser)

    html = " ".join(admin.get("/admin/").content.decode().split())
    assert (
        '<a href="/admin/core/outgoingemail/?failed_at__isnull=False"><strong>3</strong> '
        "emails the site gave up sending (see why, and send them again)</a>"
    ) in html
    listed = admin.get("/admin/core/outgoingemail/?failed_at__isnull=False")
    assert listed.status_code == 200
    assert "SMTPRecipientsRefused 550" in listed.content.decode()
    assert f"@{REFUSED_DOMAIN}" not in listed.content.decode(), "addresses stay off the list"

    response = admin.post(
        "/admin/core/outgoingemail/",
        {
            "action": "send_again",
            "_selected_action": list(OutgoingEmail.objects.values_list("pk", flat=True)),
        },
        follow=True,
    )
    assert "3 emails will be tried again on the next run of send_outbox." in (
        response.content.decode()
    )
    assert run_outbox() == "0 sent, 0 still waiting, 3 set aside."


def test_one_email_set_aside_is_counted_in_the_singular(superuser, settings):
    settings.EMAIL_BACKEND = "tests.test_mail_never_jams.RefusingBackend"
    subscription_request(email=f"reader@{REFUSED_DOMAIN}", categories=[], frequency="daily")
    run_outbox()
    html = " ".join(client_for(superuser).get("/admin/").content.decode().split())
    assert "<strong>1</strong> email the site gave up sending (see why, and send it again)" in html


# --- Addresses: checked on every form, one spelling per mailbox ------------------------

REFUSED_ADDRESSES = [
    '""@reader.test',  # a quoted empty local part: the address that jammed the outbox
    '"juniper"@reader.test',
    "=?utf-8?q?juniper?=@reader.test",  # an RFC 2047 encoded word
    "Juniper <juniper@reader.test>",
    "juniper@[192.0.2.1]",
]


@pytest.mark.parametrize("address", REFUSED_ADDRESSES)
def test_the_subscribe_form_refuses_an_address_a_mail_server_would_refuse(visitor, address):
    response = ask_to_subscribe(visitor, address, frequency="weekly")
    assert response.status_code == 200
    html = response.content.decode()
    assert "This does not look like an email address." in html
    shown = form_values(html, action="/subscribe/")
    assert shown["email"] == address and shown["frequency"] == "weekly"
    assert not Subscription.objects.exists() and not OutgoingEmail.objects.exists()


@pytest.mark.parametrize("address", REFUSED_ADDRESSES)
def test_the_question_form_refuses_an_address_a_mail_server_would_refuse(patient, address):
    response = patient.post("/ask/", ask_form_data(patient, email=address, notify="on"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "This does not look like an email address." in html
    shown = form_values(html)
    assert shown["email"] == address and shown["notify"] == "on"
    assert shown["subject"] == ask_form_data(Client())["subject"]
    assert not Question.objects.exists() and not OutgoingEmail.objects.exists()


@pytest.mark.parametrize("address", REFUSED_ADDRESSES)
def test_the_comment_form_refuses_an_address_a_mail_server_would_refuse(visitor, qa, address):
    url = f"/questions/{qa.slug}/reply/"
    typed = {"comment": "My carefully typed comment.", "email": address, "notify_reply": "on"}
    response = visitor.post(url, {**form_fields(visitor, url), **typed})
    assert response.status_code == 200
    html = response.content.decode()
    assert "This does not look like an email address." in html
    assert "My carefully typed comment." in html
    assert not Comment.objects.exists()


# One mailbox, spelled as people and scripts may type it: case, an international
# domain as written and in its DNS (punycode) form, spaces around it.
SPELLINGS = [
    "juniper@exämple.org",
    "JUNIPER@XN--EXMPLE-CUA.ORG",
    "Juniper@Exämple.Org",
    "  juniper@xn--exmple-cua.org ",
]


def test_one_mailbox_spelled_four_ways_gets_one_email_an_hour():
    for spelling in SPELLINGS:
        assert ask_to_subscribe(Client(), spelling).status_code == 302
    assert [m.to for m in send_outbox()] == [["juniper@xn--exmple-cua.org"]]
    assert list(Subscription.objects.values_list("email", flat=True)) == [
        "juniper@xn--exmple-cua.org"
    ]


def test_never_again_holds_for_every_spelling_of_the_address():
    manage = subscribe_and_confirm(Client(), "juniper@xn--exmple-cua.org")
    Client().post(manage.replace("/manage/", "/unsubscribe/"), {"never": "on"})
    mail_before = len(send_outbox())

    for spelling in [*SPELLINGS, '"juniper"@exämple.org']:
        ask_to_subscribe(Client(), spelling)

    assert len(send_outbox()) == mail_before
    assert not Subscription.objects.exists()


# --- The administrator's dashboard ---------------------------------------------------


@pytest.mark.parametrize(
    ("pending", "shown"),
    [
        (1, "<strong>1</strong> comment waiting for approval"),
        (2, "<strong>2</strong> comments waiting for approval"),
    ],
)
def test_the_dashboard_counts_comments_in_plain_english(moderator, qa, pending, shown):
    CommentFactory.create_batch(pending, question=qa, status="pending")
    html = " ".join(client_for(moderator).get("/admin/").content.decode().split())
    assert shown in html


def test_the_dashboard_counts_reader_notes_not_read_yet(superuser, qa):
    Feedback.objects.create(question=qa, helpful=False, note="The dosing part confused me.")
    Feedback.objects.create(question=qa, helpful=True, note="Clear, thank you.", note_read=True)
    Feedback.objects.create(question=qa, helpful=True)  # no note to read
    admin = client_for(superuser)

    html = " ".join(admin.get("/admin/").content.decode().split())
    assert (
        '<a href="/admin/feedback/feedback/?note=unread"><strong>1</strong> '
        "reader's note not read yet</a>"
    ) in html.replace("&#x27;", "'")
    listed = admin.get("/admin/feedback/feedback/?note=unread").content.decode()
    assert "The dosing part confused me." in listed and "Clear, thank you." not in listed

    Feedback.objects.create(question=qa, helpful=False, note="Too long.")
    html = " ".join(admin.get("/admin/").content.decode().split()).replace("&#x27;", "'")
    assert "<strong>2</strong> readers' notes not read yet" in html


def test_the_dashboard_shows_no_reader_notes_to_staff_who_may_not_read_them(staff_without_role, qa):
    Feedback.objects.create(question=qa, helpful=False, note="The dosing part confused me.")
    html = client_for(staff_without_role).get("/admin/").content.decode()
    assert "not read yet" not in html


def test_the_moderators_digest_says_comment_in_the_singular_for_one():
    notifications.moderators_comments_waiting(1)
    notifications.moderators_comments_waiting(2)
    assert sorted(m.subject for m in send_outbox()) == [
        "1 comment waiting for approval",
        "2 comments waiting for approval",
    ]


# --- Staff emails leave out the patients' disclaimer ---------------------------------


def test_staff_emails_leave_out_the_disclaimer_and_patients_emails_keep_it(expert):
    expert.email = "expert@clinic.test"
    expert.save()
    question = QuestionFactory(expert=expert.expert_profile)
    PatientSubmission.objects.filter(question=question).update(email=PATIENT)
    question.refresh_from_db()
    notifications.patient_acknowledged(question, status_url="https://ms.example.org/ask/status/x/")
    notifications.expert_assigned(question)
    notifications.moderators_new_question(question)
    notifications.moderators_comments_waiting(2)
    subscription_request(email="reader@reader.test", categories=[], frequency="daily")

    carries_disclaimer = {
        m.subject: (DISCLAIMER in m.body, DISCLAIMER in m.alternatives[0][0]) for m in send_outbox()
    }

    assert carries_disclaimer == {
        "We received your question": (True, True),
        "Please confirm your subscription": (True, True),
        f"A question was assigned to you (#{question.pk})": (False, False),
        f"New question waiting for triage (#{question.pk})": (False, False),
        "2 comments waiting for approval": (False, False),
    }


# --- Deleting a topic never widens what a subscriber receives ------------------------


def test_deleting_the_only_topic_a_subscriber_chose_sends_them_nothing_more(superuser):
    fatigue = CategoryFactory(name="Fatigue", slug="fatigue")
    infusions = CategoryFactory(name="Infusions", slug="infusions")
    walking = CategoryFactory(name="Walking", slug="walking")
    only_fatigue = subscribe_and_confirm(
        Client(), "only.fatigue@reader.test", categories=(fatigue.pk,)
    )
    subscribe_and_confirm(Client(), "two.topics@reader.test", categories=(fatigue.pk, infusions.pk))
    subscribe_and_confirm(Client(), "everything@reader.test")
    send_outbox()

    response = client_for(superuser).post(
        f"/admin/questions/category/{fatigue.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    [told] = [m for m in send_outbox() if m.subject == "A topic you follow has been removed"]
    assert told.to == ["only.fatigue@reader.test"]
    assert '"Fatigue"' in told.body and "we will send you nothing more" in told.body
    assert link_in(told, "manage") == only_fatigue

    hour_ago = timezone.now() - datetime.timedelta(hours=1)
    Subscription.objects.update(confirmed_at=hour_ago, last_digest_at=hour_ago)
    publish(QuestionFactory(title="Walking aids", category=walking))
    publish(QuestionFactory(title="Infusion days", category=infusions))
    call_command("send_digests", "--frequency", "daily", stdout=io.StringIO())

    def digest_titles(address: str) -> list[str]:
        digests = [m.body for m in mails_to(address) if "new answer" in m.subject]
        return sorted(t for t in ("Walking aids", "Infusion days") for d in digests if t in d)

    assert digest_titles("only.fatigue@reader.test") == []
    assert digest_titles("two.topics@reader.test") == ["Infusion days"]
    assert digest_titles("everything@reader.test") == ["Infusion days", "Walking aids"]

    page = Client().get(only_fatigue).content.decode()
    assert "The topics you chose are no longer on the site, so we send you nothing for now." in (
        page
    )


# --- The promise over any sequence ----------------------------------------------------

# The mail server of the sequences: up or down, refusing some addresses for good
# (refused.test) and others for now (busy.test), taking the rest.
SERVER: dict = {"up": True, "tried": []}
CLOCK: list[datetime.datetime] = []


class ScriptedBackend(LocmemBackend):
    def send_messages(self, messages):
        for message in messages:
            SERVER["tried"].append(message.subject)
            if not SERVER["up"]:
                raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
            [to] = message.to
            if to.endswith("@refused.test"):
                raise smtplib.SMTPRecipientsRefused({to: (550, b"5.1.1 No such mailbox")})
            if to.endswith("@busy.test"):
                raise smtplib.SMTPRecipientsRefused({to: (451, b"4.7.1 Try again later")})
        return super().send_messages(messages)


class Outbox(RuleBasedStateMachine):
    """Patients, subscribers and an attacker queue mail while the mail server
    comes and goes and time passes; cron runs send_outbox with any limit."""

    def __init__(self) -> None:
        super().__init__()
        # Each sequence runs in a savepoint of the test's transaction, undone after it.
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        CLOCK[:] = [datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1)]
        SERVER.update(up=True, tried=[])
        mail.outbox = []
        self.count = 0
        self.set_aside: set[str] = set()

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    def _queue(self, domain: str) -> None:
        self.count += 1
        notifications.queue(
            to=f"person{self.count}@{domain}",
            subject=f"message {self.count}",
            template="emails/question_received.txt",
            context={"status_url": "https://ms.example.org/ask/status/x/"},
        )

    @rule(many=st.integers(1, 30))
    def an_attacker_subscribes_refused_addresses(self, many: int) -> None:
        for _ in range(many):
            self._queue("refused.test")

    @rule()
    def someone_with_a_busy_mailbox_asks(self) -> None:
        self._queue("busy.test")

    @rule()
    def a_patient_asks(self) -> None:
        self._queue("patient.test")

    @rule(up=st.booleans())
    def the_mail_server_goes(self, up: bool) -> None:
        SERVER["up"] = up

    @rule(minutes=st.sampled_from([1, 5, 30, 120, 600]))
    def time_passes(self, minutes: int) -> None:
        CLOCK[0] += datetime.timedelta(minutes=minutes)

    @rule(limit=st.integers(1, 40))
    def cron_runs_send_outbox(self, limit: int) -> None:
        never_tried = OutgoingEmail.objects.filter(
            attempts=0, sent_at__isnull=True, failed_at__isnull=True
        )
        waiting_patients = set(
            never_tried.filter(to__endswith="@patient.test").values_list("subject", flat=True)
        )
        fits_in_one_run = never_tried.count() <= limit
        tried_before = len(SERVER["tried"])

        call_command("send_outbox", "--limit", str(limit), stdout=io.StringIO())

        tried_now = SERVER["tried"][tried_before:]
        assert not self.set_aside & set(tried_now), "a message set aside was tried again"
        self.set_aside = set(
            OutgoingEmail.objects.filter(failed_at__isnull=False).values_list("subject", flat=True)
        )
        if SERVER["up"] and fits_in_one_run:
            # The promise: however many refused or failing messages wait, a patient's
            # new email leaves on the next run while the mail server is up.
            sent = {m.subject for m in mail.outbox}
            assert waiting_patients <= sent

    @invariant()
    def nothing_is_sent_twice(self) -> None:
        subjects = [m.subject for m in mail.outbox]
        assert len(subjects) == len(set(subjects))

    @invariant()
    def no_message_is_tried_more_than_the_limit(self) -> None:
        assert not OutgoingEmail.objects.filter(attempts__gt=5).exists()
        assert not OutgoingEmail.objects.filter(
            attempts=5, failed_at__isnull=True, sent_at__isnull=True
        ).exists()

    @invariant()
    def refused_addresses_are_never_sent_and_patients_are_never_set_aside(self) -> None:
        assert not any(m.to[0].endswith("@refused.test") for m in mail.outbox)
        assert not OutgoingEmail.objects.filter(
            to__endswith="@patient.test", failed_at__isnull=False, attempts__lt=5
        ).exists()


def test_a_patients_email_leaves_on_the_next_run_whatever_waits_in_the_outbox(
    settings, monkeypatch
):
    settings.EMAIL_BACKEND = "tests.test_mail_never_jams.ScriptedBackend"
    settings.OUTBOX_MAX_ATTEMPTS = 5
    settings.OUTBOX_RETRY_SECONDS = 300
    monkeypatch.setattr(timezone, "now", lambda: CLOCK[0])
    run_state_machine_as_test(
        Outbox,
        settings=hypothesis_settings(
            max_examples=30,
            stateful_step_count=25,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )


@pytest.mark.parametrize(
    ("typed", "stored", "status"),
    [
        ('""@clinic.test', "staffer@clinic.test", 200),  # refused: the address it had stays
        ("Dana.Example@Clinic.TEST", "dana.example@clinic.test", 302),
    ],
)
def test_a_staff_address_typed_into_the_admin_is_checked_as_on_the_public_forms(
    superuser, staff_without_role, typed, stored, status
):
    response = client_for(superuser).post(
        f"/admin/auth/user/{staff_without_role.pk}/change/",
        {
            "username": staff_without_role.username,
            "email": typed,
            "is_active": "on",
            "is_staff": "on",
            "date_joined_0": "2026-01-05",
            "date_joined_1": "09:00:00",
        },
    )
    assert response.status_code == status
    if status == 200:
        assert "This does not look like an email address." in response.content.decode()
    staff_without_role.refresh_from_db()
    assert staff_without_role.email == stored


@pytest.mark.django_db(transaction=True)
def test_subscribers_who_had_chosen_topics_keep_only_those_after_the_upgrade():
    before = [("subscriptions", "0001_initial")]
    after = [("subscriptions", "0002_topics_chosen_explicitly")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    Category = apps.get_model("questions", "Category")
    Old = apps.get_model("subscriptions", "Subscription")
    fatigue = Category.objects.create(name="Fatigue", slug="fatigue")
    chose = Old.objects.create(email="chose@reader.test", token_hash="a" * 64)
    chose.categories.add(fatigue)
    Old.objects.create(email="everything@reader.test", token_hash="b" * 64)

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    New = executor.loader.project_state(after).apps.get_model("subscriptions", "Subscription")
    assert dict(New.objects.values_list("email", "all_topics")) == {
        "chose@reader.test": False,
        "everything@reader.test": True,
    }

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_an_unconfirmed_address_whose_mail_was_set_aside_is_erased_with_the_rest(settings):
    settings.EMAIL_BACKEND = "tests.test_mail_never_jams.RefusingBackend"
    address = f"never.confirmed@{REFUSED_DOMAIN}"
    subscription_request(email=address, categories=[], frequency="daily")
    assert run_outbox() == "0 sent, 0 still waiting, 1 set aside."

    later = timezone.now() + datetime.timedelta(days=8)
    assert purge_unconfirmed(now=later) == 1

    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)
    assert address not in dump.getvalue()
