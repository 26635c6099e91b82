"""What erasure removes stays removed, under any sequence of moves.

Hypothesis drives random sequences of what patients, a moderator, readers and
the daily jobs do: ask, have the question logged in the admin under its title,
de-identified, declined with a note that greets the patient by name, or
published; comment and subscribe with the same address; send the outbox; let
the retention time pass and run the purge; and erase, by each of the ways the
product offers (the status page's two buttons, the purge, `subscriber_data
--erase`). After every step, every table of the database is read (the dump of
tests/test_erasure_dump.py) and none of the strings an erasure promised to
remove may be in it, nor on the person's own status page.

Who promises what, written out here rather than read from the code:

- "Erase my name and email": the name, each part of it, the address, and the
  private link in the outbox are gone; the wording stays (without the name).
- "Erase what I wrote", the purge of an answered or declined question, and
  `subscriber_data --erase`: all of the above and the wording and the towns,
  numbers and doctors named in it.

The first two patients only ask; the third also comments and subscribes with
the same address, which only `subscriber_data --erase` removes from
everywhere (the status page and the purge leave a subscription and a comment,
consents of their own, alone).
"""

from __future__ import annotations

import contextlib
import datetime
import io

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    multiple,
    precondition,
    rule,
    run_state_machine_as_test,
)

from questions import services
from questions.models import Comment, PatientSubmission, Question, Transition
from subscriptions.models import Subscription
from subscriptions.services import subscription_request
from tests.conftest import SEQUENCES_AS_DEPLOYED, role
from tests.factories import UserFactory, publish
from tests.privacy_people import PATIENTS, secrets_of
from tests.test_erasure_dump import dump

S = Question.Status
PEOPLE = PATIENTS[:3]
ALL_ROUNDER = 2  # also comments and subscribes
person_index = st.integers(min_value=0, max_value=len(PEOPLE) - 1)
# The people who have asked: the moves on a question draw from these.
asked = Bundle("asked")


def contact_strings(person: dict, token: str) -> set[str]:
    return {person["name"], *person["name"].split(), person["email"], person["address"], token}


def all_strings(person: dict, token: str) -> set[str]:
    return {*secrets_of(person), token}


class Erasure(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        # Each sequence runs in a savepoint of the test's transaction, undone after it.
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.moderator = UserFactory(username="moderator", is_staff=True)
        self.moderator.groups.add(role("Moderators"))
        self.questions: dict[int, int] = {}  # person -> question pk
        self.tokens: dict[int, str] = {}
        self.gone: dict[int, set[str]] = {}  # person -> strings promised gone
        self.left: set[int] = set()  # people who erased and take no further part

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    # Helpers

    def question(self, i: int) -> Question | None:
        pk = self.questions.get(i)
        return Question.objects.get(pk=pk) if pk else None

    def promise(self, i: int, strings: set[str]) -> None:
        self.gone[i] = self.gone.get(i, set()) | strings

    def active(self, i: int) -> bool:
        return i not in self.left

    # The patients

    @rule(target=asked, i=person_index)
    def ask(self, i: int):
        if i in self.questions or not self.active(i):
            return multiple()
        person = PEOPLE[i]
        question, token = services.question_submit(
            subject=person["subject"],
            text=person["question"],
            category=None,
            name=person["name"],
            email=person["email"],
            notify=True,
            client_address=person["address"],
            form_token=f"sequence-{i}",
        )
        self.questions[i], self.tokens[i] = question.pk, token
        return i

    @rule(i=asked, wording=st.booleans())
    def erase_on_the_status_page(self, i: int, wording: bool) -> None:
        if i == ALL_ROUNDER:
            return
        data = {"confirmed": "1", **({"wording": "1"} if wording else {})}
        response = Client().post(f"/ask/status/{self.tokens[i]}/erase/", data)
        assert response.status_code == 302
        person, token = PEOPLE[i], self.tokens[i]
        self.promise(i, all_strings(person, token) if wording else contact_strings(person, token))
        self.left.add(i)

    @rule(i=asked, wording=st.booleans())
    def press_an_erase_button_and_go_back(self, i: int, wording: bool) -> None:
        """The page that asks first, then "No, keep it": nothing is erased."""
        held = PatientSubmission.objects.filter(question_id=self.questions[i])
        columns = ("name", "email", "original_subject", "original_text", "erased_at")
        before = list(held.values_list(*columns))
        data = {"wording": "1"} if wording else {}
        response = Client().post(f"/ask/status/{self.tokens[i]}/erase/", data)
        assert response.status_code in (200, 302)  # 302: nothing of that kind is held
        assert list(held.values_list(*columns)) == before

    @rule(i=person_index)
    def erase_the_address_on_request(self, i: int) -> None:
        if not self.active(i):
            return
        # Refused in plain words when we hold nothing: the promise holds all the same.
        with contextlib.suppress(CommandError):
            call_command("subscriber_data", PEOPLE[i]["email"], "--erase", stdout=io.StringIO())
        if i in self.questions:
            self.promise(i, all_strings(PEOPLE[i], self.tokens[i]))
        else:
            self.promise(i, {PEOPLE[i]["email"], PEOPLE[i]["name"]})
        self.left.add(i)

    # The all-rounder's other consents

    @precondition(lambda self: self.active(ALL_ROUNDER))
    @rule()
    def comment(self) -> None:
        qa = Question.objects.published().first()
        if qa is None:
            return
        person = PEOPLE[ALL_ROUNDER]
        comment = services.comment_submit(
            question=qa,
            name=person["name"],
            email=person["email"],
            body="Thank you, this helped me plan my next infusion.",
            client_address=person["address"],
            form_token=f"comment-{Comment.objects.count()}",
            notify_reply=True,
        )
        services.comment_moderate(comment_ids=[comment.pk], actor=self.moderator, status="approved")

    @precondition(lambda self: self.active(ALL_ROUNDER))
    @rule()
    def subscribe(self) -> None:
        subscription_request(email=PEOPLE[ALL_ROUNDER]["email"], categories=[], frequency="weekly")

    # The moderator

    @rule(i=asked)
    def save_in_the_admin(self, i: int) -> None:
        """The admin logs the question under its title of the moment."""
        if (question := self.question(i)) is None:
            return
        LogEntry.objects.log_actions(
            user_id=self.moderator.pk,
            queryset=[question],
            action_flag=CHANGE,
            change_message=[{"changed": {"fields": ["Category"]}}],
            single_object=True,
        )

    @rule(i=asked)
    def de_identify(self, i: int) -> None:
        question = self.question(i)
        if question is None or question.status != S.NEW:
            return
        question.title = f"A reader asks question {i}"
        question.body = f"A reader asks about their infusions, question {i}."
        question.save()

    @rule(i=asked)
    def decline(self, i: int) -> None:
        question = self.question(i)
        if question is None or question.status != S.NEW:
            return
        # Greets the patient by name, as a kind moderator would, unless erased.
        first = PEOPLE[i]["name"].split()[0]
        note = f"Dear {first}, please ask your neurologist." if i not in self.gone else ""
        services.question_reject(
            question_id=question.pk, actor=self.moderator, reason="out_of_scope", note=note
        )

    @rule(i=asked)
    def publish(self, i: int) -> None:
        question = self.question(i)
        if (
            question is None
            or question.status != S.NEW
            or not question.title.startswith("A reader")
        ):
            return
        question.answer_source = "Plan it with your care team."
        question.save()
        publish(question)
        # The history row the publish service writes: the purge counts from it.
        Transition.objects.create(
            question=question, from_status=S.SIGNED_OFF, to_status=S.PUBLISHED, action="publish"
        )

    # The jobs

    @rule()
    def send_outbox(self) -> None:
        call_command("send_outbox", stdout=io.StringIO())

    @rule()
    def retention_time_passes(self) -> None:
        """The rows are dated back as the clock would move on, then the daily purge runs."""
        long_ago = datetime.timedelta(days=400)
        Transition.objects.update(created_at=timezone.now() - long_ago)
        Comment.objects.exclude(moderated_at=None).update(moderated_at=timezone.now() - long_ago)
        Subscription.objects.filter(confirmed_at=None).update(mailed_at=timezone.now() - long_ago)
        call_command("purge_personal_data", stdout=io.StringIO())
        for i, pk in self.questions.items():
            if Question.objects.filter(pk=pk, status__in=[S.PUBLISHED, S.REJECTED]).exists():
                person = PEOPLE[i]
                if i == ALL_ROUNDER:  # their comment and subscription keep the address
                    self.promise(
                        i, all_strings(person, self.tokens[i]) - contact_strings(person, "")
                    )
                else:
                    self.promise(i, all_strings(person, self.tokens[i]))

    # The promise

    @invariant()
    def nothing_promised_gone_is_anywhere(self) -> None:
        everything = dump().lower()
        found = {
            PEOPLE[i]["email"]: sorted(s for s in gone if s and s.lower() in everything)
            for i, gone in self.gone.items()
        }
        assert {who: strings for who, strings in found.items() if strings} == {}

    @invariant()
    def the_status_page_shows_nothing_promised_gone(self) -> None:
        for i, gone in self.gone.items():
            if i not in self.tokens:
                continue
            page = Client().get(f"/ask/status/{self.tokens[i]}/").content.decode().lower()
            shown = sorted(s for s in gone - {self.tokens[i]} if s and s.lower() in page)
            assert shown == [], PEOPLE[i]["email"]


@pytest.mark.django_db
@SEQUENCES_AS_DEPLOYED
def test_what_an_erasure_removes_stays_removed_under_any_sequence(settings_for_mail):
    run_state_machine_as_test(
        Erasure,
        settings=settings(
            max_examples=30,
            stateful_step_count=20,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )


@pytest.fixture
def settings_for_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MODERATOR_EMAILS = ["moderators@clinic.test"]
    settings.PATIENT_DATA_RETENTION_DAYS = 90
    settings.COMMENTER_EMAIL_RETENTION_DAYS = 30
    return settings


@pytest.mark.django_db
def test_a_subscriber_who_once_asked_is_erased_from_the_decline_mail_too(settings_for_mail):
    """A sequence the machine above found: a patient's question declined with a
    note that greets them by name, the mail sent, then a subscription from the
    same address, then erasure by address. Ending the subscription used to blank
    the address on every mail first, so the patient's eraser no longer found
    the decline and the name stayed in it."""
    state = Erasure()
    try:
        asked = state.ask(i=ALL_ROUNDER)
        state.decline(i=asked)
        state.send_outbox()
        state.subscribe()
        state.erase_the_address_on_request(i=ALL_ROUNDER)
        state.nothing_promised_gone_is_anywhere()
    finally:
        state.teardown()
