"""The four-eyes promise under any sequence of moves, not only the ones we thought of.

Hypothesis drives random sequences of every move two or three clinicians, a
moderator and an administrator can make on two questions: edit the public text
or the answer (for real, or the same words as a browser sends them, with CRLF
and trailing spaces), edit the sources, send for sign-off, request changes,
sign, publish, withdraw. The test keeps its own ledger of what each clinician
sent (the text as it was read back from the database at that moment) and checks
after every step:

- every signed version is exactly a text one clinician sent and a different
  clinician signed, with no change in between;
- an answer waiting for sign-off is the text as it was sent;
- with two clinicians or more, an answer waiting for sign-off can be signed by
  someone (tried for real, then rolled back), and it is in the "For me to sign"
  list of exactly those who can;
- the "waits for your sign-off" email goes to every other clinician and names
  the one who sent it; a moderator or an administrator without an expert
  profile can neither send nor sign.
"""

from __future__ import annotations

import contextlib

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from core.models import OutgoingEmail
from questions import selectors, services
from questions.models import Question, Reference
from tests.conftest import SEQUENCES_AS_DEPLOYED, role
from tests.factories import CategoryFactory, ExpertProfileFactory, QuestionFactory, UserFactory

S = Question.Status
REFUSED = (services.TransitionNotAllowed, PermissionDenied)
TEXT = ("title", "body", "answer_source")

pytestmark = SEQUENCES_AS_DEPLOYED


def public_text(question: Question) -> tuple:
    """What a signature covers, as the database holds it now."""
    question = Question.objects.get(pk=question.pk)
    return (
        question.title,
        question.body,
        question.answer_html,
        [(r.title, r.url) for r in question.references.order_by("position", "pk")],
    )


def signed_text(answer) -> tuple:
    return (
        answer.question_title,
        answer.question_text,
        answer.body_html,
        [(r["title"], r.get("url", "")) for r in answer.references],
    )


class SignOff(RuleBasedStateMachine):
    clinician_count = 3

    def __init__(self) -> None:
        super().__init__()
        # Each sequence runs in a savepoint of the test's transaction, undone after it.
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        experts = role("Experts")
        self.clinicians = []
        for n in range(self.clinician_count):
            profile = ExpertProfileFactory(
                user__username=f"clinician{n}",
                user__email=f"clinician{n}@clinic.test",
                display_name=f"Clinician {n}, MD",
            )
            profile.user.groups.add(experts)
            self.clinicians.append(profile.user)
        self.moderator = UserFactory(username="mod", is_staff=True, email="mod@clinic.test")
        self.moderator.groups.add(role("Moderators"))
        self.admin = UserFactory(username="root", is_staff=True, is_superuser=True)
        self.people = [*self.clinicians, self.moderator, self.admin]
        category = CategoryFactory()
        self.questions = []
        for n in range(2):
            question = QuestionFactory(title=f"Question {n} about fatigue", category=category)
            services.question_assign(
                question_id=question.pk,
                actor=self.moderator,
                expert=self.clinicians[0].expert_profile,
            )
            self.questions.append(question)
        # The ledger: question pk -> (sender pk, the text they sent), or absent.
        self.sent: dict[int, tuple[int, tuple]] = {}
        self.signed_versions = 0

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    def _person(self, who: int):
        return self.people[who % len(self.people)]

    def _fresh(self, index: int) -> Question:
        return Question.objects.get(pk=self.questions[index].pk)

    # -- moves ---------------------------------------------------------------

    @rule(
        who=st.integers(0, 4),
        index=st.integers(0, 1),
        field=st.sampled_from(TEXT),
        words=st.sampled_from(["Rest helps.", "Pace your day.", "See your nurse."]),
    )
    def edit_text(self, who: int, index: int, field: str, words: str) -> None:
        actor = self._person(who)
        question = self._fresh(index)
        before = public_text(question)
        setattr(question, field, f"{getattr(question, field)}\n\n{words}")
        services.question_save_draft(question=question, actor=actor, fields=[field])
        assert public_text(question) != before
        self.sent.pop(question.pk, None)

    @rule(who=st.integers(0, 4), index=st.integers(0, 1), field=st.sampled_from(TEXT))
    def resave_as_a_browser_sends_it(self, who: int, index: int, field: str) -> None:
        """The same words with CRLF line ends and trailing spaces: no change at all."""
        actor = self._person(who)
        question = self._fresh(index)
        before = public_text(question)
        status = question.status
        # (Spaces at the end of an answer's line are Markdown's line break: kept.)
        ends = "\r\n" if field == "answer_source" else "  \r\n"
        value = getattr(question, field).replace("\n", ends) + " \r\n"
        setattr(question, field, value)
        services.question_save_draft(question=question, actor=actor, fields=[field])
        assert public_text(question) == before
        assert self._fresh(index).status == status

    @rule(who=st.integers(0, 4), index=st.integers(0, 1))
    def add_a_source(self, who: int, index: int) -> None:
        question = self._fresh(index)
        Reference.objects.create(
            question=question,
            position=question.references.count() + 1,
            title=f"A source {question.references.count() + 1}",
            url="https://www.nationalmssociety.org/",
        )
        services.question_sources_changed(question=question, actor=self._person(who))
        self.sent.pop(question.pk, None)

    @rule(who=st.integers(0, 4), index=st.integers(0, 1))
    def send(self, who: int, index: int) -> None:
        actor = self._person(who)
        question = self._fresh(index)
        text = public_text(question)
        mail_before = set(OutgoingEmail.objects.values_list("pk", flat=True))
        try:
            services.question_submit_for_signoff(question_id=question.pk, actor=actor)
        except REFUSED:
            return
        assert actor in self.clinicians, (
            f"{actor.username} sent an answer without being a clinician"
        )
        self.sent[question.pk] = (actor.pk, text)
        emails = OutgoingEmail.objects.exclude(pk__in=mail_before)
        others = {c.email for c in self.clinicians if c != actor}
        assert {e.to for e in emails} == others
        for email in emails:
            assert f"{actor.expert_profile.display_name} sent it" in email.body
            for other in self.clinicians:
                if other != actor:
                    assert f"{other.expert_profile.display_name} sent it" not in email.body

    @rule(who=st.integers(0, 4), index=st.integers(0, 1))
    def request_changes(self, who: int, index: int) -> None:
        question = self._fresh(index)
        try:
            services.question_request_changes(
                question_id=question.pk, actor=self._person(who), note="Please say more on rest."
            )
        except REFUSED:
            return
        self.sent.pop(question.pk, None)

    @rule(who=st.integers(0, 4), index=st.integers(0, 1))
    def sign(self, who: int, index: int) -> None:
        actor = self._person(who)
        question = self._fresh(index)
        try:
            answer = services.question_sign_off(question_id=question.pk, actor=actor)
        except REFUSED:
            return
        assert question.pk in self.sent, "signed a version nobody sent (or changed since)"
        sender, text = self.sent.pop(question.pk)
        assert actor in self.clinicians
        assert sender != actor.pk, f"{actor.username} signed the version they sent"
        assert signed_text(answer) == text, "the signed text is not the text that was sent"
        assert answer.sent_by_id == sender
        self.signed_versions += 1

    @rule(index=st.integers(0, 1))
    def publish(self, index: int) -> None:
        with contextlib.suppress(REFUSED):
            services.question_publish(question_id=self.questions[index].pk, actor=self.moderator)

    @rule(index=st.integers(0, 1))
    def withdraw(self, index: int) -> None:
        try:
            services.question_withdraw(
                question_id=self.questions[index].pk, actor=self.moderator, note="Out of date."
            )
        except REFUSED:
            return
        self.sent.pop(self.questions[index].pk, None)

    # -- what must hold after every step ------------------------------------

    @invariant()
    def every_signed_version_had_a_sender_and_a_different_signer(self) -> None:
        for question in self.questions:
            for answer in question.answers.all():
                assert answer.sent_by_id is not None
                assert answer.sent_by_id != answer.signed_by_id
                assert answer.content_is_intact()

    @invariant()
    def an_answer_waiting_for_sign_off_is_the_text_as_sent(self) -> None:
        for index in range(len(self.questions)):
            question = self._fresh(index)
            if question.status == S.AWAITING_SIGNOFF:
                assert question.pk in self.sent, "waiting, but changed since it was sent"
                assert public_text(question) == self.sent[question.pk][1]

    @invariant()
    def a_waiting_answer_has_a_signer_and_is_in_their_list(self) -> None:
        for index in range(len(self.questions)):
            question = self._fresh(index)
            if question.status != S.AWAITING_SIGNOFF:
                continue
            can_sign = {user.pk for user in self.clinicians if self._could_sign(question, user)}
            assert can_sign, "nobody can sign an answer waiting for sign-off"
            listed = {
                user.pk
                for user in self.clinicians
                if Question.objects.filter(selectors.awaiting_signature_of(user))
                .filter(pk=question.pk)
                .exists()
            }
            assert listed == can_sign

    def _could_sign(self, question: Question, user) -> bool:
        try:
            with transaction.atomic():
                services.question_sign_off(question_id=question.pk, actor=user)
                transaction.set_rollback(True)
        except REFUSED:
            return False
        return True


class SignOffWithTwoClinicians(SignOff):
    clinician_count = 2


def _run(machine: type[SignOff]) -> None:
    run_state_machine_as_test(
        machine,
        settings=settings(
            max_examples=25,
            stateful_step_count=20,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )


@pytest.mark.django_db
def test_two_different_clinicians_read_every_signed_version_with_three_clinicians():
    _run(SignOff)


@pytest.mark.django_db
def test_two_clinicians_never_deadlock_and_never_sign_alone():
    _run(SignOffWithTwoClinicians)
