"""The question lifecycle: every transition, for every role, guarded and audited."""

from __future__ import annotations

import hashlib

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from questions import services
from questions.models import Answer, Question, Transition
from tests.conftest import send_outbox
from tests.factories import ExpertProfileFactory, QuestionFactory, publish

pytestmark = pytest.mark.django_db
S = Question.Status


def at(status: str, expert_user=None, **fields: str) -> Question:
    """A question in `status` (with these fields), reached through the services as a
    superuser would."""
    from tests.factories import UserFactory

    boss = UserFactory(username="boss", is_staff=True, is_superuser=True)
    if not hasattr(boss, "expert_profile"):
        ExpertProfileFactory(user=boss, display_name="Bo Ss, MD")
    second = UserFactory(username="second-signer", is_staff=True, is_superuser=True)
    if not hasattr(second, "expert_profile"):
        ExpertProfileFactory(user=second, display_name="Sec Ond, MD")
    profile = expert_user.expert_profile if expert_user else boss.expert_profile
    question = QuestionFactory(**fields)
    qid = question.pk
    if status == S.NEW:
        return question
    if status == S.REJECTED:
        services.question_reject(question_id=qid, actor=boss, reason="out_of_scope")
        return Question.objects.get(pk=qid)
    services.question_assign(question_id=qid, actor=boss, expert=profile)
    if status == S.ASSIGNED:
        return Question.objects.get(pk=qid)
    services.question_submit_for_signoff(question_id=qid, actor=boss)
    if status == S.AWAITING_SIGNOFF:
        return Question.objects.get(pk=qid)
    services.question_sign_off(question_id=qid, actor=second)
    if status == S.SIGNED_OFF:
        return Question.objects.get(pk=qid)
    services.question_publish(question_id=qid, actor=boss)
    if status == S.PUBLISHED:
        return Question.objects.get(pk=qid)
    services.question_withdraw(question_id=qid, actor=boss, note="Outdated dosing")
    return Question.objects.get(pk=qid)


def run(action: str, question: Question, actor) -> None:
    qid = question.pk
    expert = ExpertProfileFactory()
    calls = {
        "assign": lambda: services.question_assign(question_id=qid, actor=actor, expert=expert),
        "reject": lambda: services.question_reject(
            question_id=qid, actor=actor, reason="out_of_scope"
        ),
        "submit_for_signoff": lambda: services.question_submit_for_signoff(
            question_id=qid, actor=actor
        ),
        "request_changes": lambda: services.question_request_changes(
            question_id=qid, actor=actor, note="Please cite the label"
        ),
        "sign_off": lambda: services.question_sign_off(question_id=qid, actor=actor),
        "publish": lambda: services.question_publish(question_id=qid, actor=actor),
        "withdraw": lambda: services.question_withdraw(
            question_id=qid, actor=actor, note="Outdated"
        ),
        "reopen": lambda: services.question_reopen(question_id=qid, actor=actor),
        "re_attest": lambda: services.question_reattest(question_id=qid, actor=actor),
        "review_changes": lambda: services.question_review_needs_changes(
            question_id=qid, actor=actor, note="The dosing has changed"
        ),
    }
    calls[action]()


START = {
    "assign": S.NEW,
    "reject": S.NEW,
    "submit_for_signoff": S.ASSIGNED,
    "request_changes": S.AWAITING_SIGNOFF,
    "sign_off": S.AWAITING_SIGNOFF,
    "publish": S.SIGNED_OFF,
    "withdraw": S.PUBLISHED,
    "reopen": S.REJECTED,
    "re_attest": S.PUBLISHED,
    "review_changes": S.PUBLISHED,
}
END = {
    "assign": S.ASSIGNED,
    "reject": S.REJECTED,
    "submit_for_signoff": S.AWAITING_SIGNOFF,
    "request_changes": S.ASSIGNED,
    "sign_off": S.SIGNED_OFF,
    "publish": S.PUBLISHED,
    "withdraw": S.WITHDRAWN,
    "reopen": S.NEW,
    "re_attest": S.PUBLISHED,
    "review_changes": S.PUBLISHED,
}
ALLOWED = {
    "anonymous": set(),
    "staff_without_role": set(),
    # Only a clinician sends an answer for sign-off (and answers for all of it).
    "moderator": {"assign", "reject", "reopen", "publish", "withdraw"},
    "expert": {
        "submit_for_signoff",
        "request_changes",
        "sign_off",
        "publish",
        "withdraw",
        "re_attest",
        "review_changes",
    },
    "superuser": set(START),
}


@pytest.fixture
def actor(role, expert, moderator, superuser, staff_without_role):
    if role == "anonymous":
        return AnonymousUser()
    user = {
        "expert": expert,
        "moderator": moderator,
        "superuser": superuser,
        "staff_without_role": staff_without_role,
    }[role]
    if role == "superuser":
        ExpertProfileFactory(user=user)
    return user


@pytest.mark.parametrize("action", list(START))
@pytest.mark.parametrize("role", list(ALLOWED))
def test_each_role_may_make_exactly_its_transitions(role, action, actor):
    question = at(START[action])
    audit_rows = Transition.objects.filter(question=question).count()
    if action in ALLOWED[role]:
        run(action, question, actor)
        question.refresh_from_db()
        assert question.status == END[action]
        last = Transition.objects.filter(question=question).last()
        assert (last.from_status, last.to_status) == (START[action], END[action])
        assert last.actor_id == actor.pk
        assert Transition.objects.filter(question=question).count() == audit_rows + 1
    else:
        with pytest.raises(PermissionDenied):
            run(action, question, actor)
        question.refresh_from_db()
        assert question.status == START[action]
        assert Transition.objects.filter(question=question).count() == audit_rows


# Where each move may start, written out from the question lifecycle (new ->
# assigned -> awaiting sign-off -> signed off -> published -> withdrawn; new or
# assigned -> rejected), not read from the code under test: every other status
# must refuse it.
# fmt: off
LEGAL_FROM = {
    "assign":             {S.NEW, S.ASSIGNED},
    "reject":             {S.NEW, S.ASSIGNED},
    "reopen":             {S.REJECTED},
    # A published or withdrawn Q&A's changes are sent without leaving its status.
    "submit_for_signoff": {S.ASSIGNED, S.PUBLISHED, S.WITHDRAWN},
    "request_changes":    {S.AWAITING_SIGNOFF},
    "sign_off":           {S.AWAITING_SIGNOFF, S.PUBLISHED, S.WITHDRAWN},
    "re_attest":          {S.PUBLISHED},
    "review_changes":     {S.PUBLISHED},
    "publish":            {S.SIGNED_OFF},
    "withdraw":           {S.PUBLISHED},
}
# fmt: on
ILLEGAL = [(action, status) for action in START for status in S if status not in LEGAL_FROM[action]]


def test_the_written_table_names_every_move_the_site_offers():
    offered = {action for action, step in services.TRANSITIONS.items() if step.from_statuses}
    assert offered == set(LEGAL_FROM) == set(START)


@pytest.mark.parametrize(("action", "status"), ILLEGAL)
def test_an_illegal_move_is_refused_with_a_clear_error_and_changes_nothing(
    superuser, action, status
):
    ExpertProfileFactory(user=superuser)
    question = at(status)
    before = (question.status, Transition.objects.count(), Answer.objects.count())
    with pytest.raises(services.TransitionNotAllowed) as error:
        run(action, question, superuser)
    assert str(error.value)
    question.refresh_from_db()
    assert (question.status, Transition.objects.count(), Answer.objects.count()) == before


def test_sign_off_needs_an_expert_profile(superuser):
    question = at(S.AWAITING_SIGNOFF)
    with pytest.raises(PermissionDenied, match="expert profile"):
        services.question_sign_off(question_id=question.pk, actor=superuser)


def test_sign_off_records_signer_time_signature_and_hash_of_exactly_the_public_text(expert):
    profile = expert.expert_profile
    profile.display_name = "Avery Test, MD"
    profile.credentials = "MD, PhD"
    profile.titles = "Professor of Neurology\nDirector, MS Program"
    profile.institution = "Virtual MS Center"
    profile.save()
    question = at(
        S.AWAITING_SIGNOFF,
        expert_user=expert,
        title="Can I breastfeed after Ocrevus?",
        body="My last infusion was in May.",
        answer_source="Very little reaches **breast milk**.",
    )
    before = timezone.now()
    services.question_sign_off(question_id=question.pk, actor=expert)
    after = timezone.now()

    answer = Answer.objects.get(question=question)
    assert answer.signed_by == expert
    assert before <= answer.signed_at <= after
    assert answer.signature_block == (
        "Avery Test, MD\nMD, PhD\nProfessor of Neurology\nDirector, MS Program\nVirtual MS Center"
    )
    assert answer.question_title == "Can I breastfeed after Ocrevus?"
    assert answer.question_text == "My last infusion was in May."
    assert answer.body_html == "<p>Very little reaches <strong>breast milk</strong>.</p>"
    # SHA-256 over the title, the question and the answer as shown, each after its length in bytes.
    signed = (
        b"31:Can I breastfeed after Ocrevus?"
        b"28:My last infusion was in May."
        b"56:<p>Very little reaches <strong>breast milk</strong>.</p>"
    )
    assert answer.sha256 == hashlib.sha256(signed).hexdigest()
    assert answer.content_is_intact()
    answer.body_html += "<p>tampered</p>"
    assert not answer.content_is_intact()


def test_a_signed_answer_cannot_be_changed_through_the_model(expert):
    question = at(S.AWAITING_SIGNOFF, expert_user=expert)
    answer = services.question_sign_off(question_id=question.pk, actor=expert)
    answer.body_html = "<p>different</p>"
    with pytest.raises(ValueError, match="never changed"):
        answer.save()


def test_by_default_an_answers_author_cannot_sign_it_off_but_a_colleague_can(expert, colleague):
    question = at(S.ASSIGNED, expert_user=expert)
    services.question_submit_for_signoff(question_id=question.pk, actor=expert)
    with pytest.raises(services.TransitionNotAllowed, match="so a colleague signs it"):
        services.question_sign_off(question_id=question.pk, actor=expert)
    answer = services.question_sign_off(question_id=question.pk, actor=colleague)
    assert answer.signer == colleague.expert_profile
    assert answer.sent_by == expert


def test_a_clinic_that_turns_the_second_signer_off_lets_the_author_sign(settings, expert):
    settings.REQUIRE_SECOND_SIGNER = False
    question = at(S.ASSIGNED, expert_user=expert)
    services.question_submit_for_signoff(question_id=question.pk, actor=expert)
    answer = services.question_sign_off(question_id=question.pk, actor=expert)
    assert answer.signed_by == expert


def test_the_clinicians_who_may_sign_are_emailed_when_an_answer_waits_for_them(
    moderator, expert, colleague, superuser, settings
):
    """Not the author, nor anyone away, unreachable, without the right, or
    without an expert profile (the superuser)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://ms.example.org"
    experts = Group.objects.get(name="Experts")
    for username, active, email, group in [
        ("away-on-leave", False, "away@clinic.test", experts),
        ("no-address", True, "", experts),
        ("no-signing-rights", True, "norights@clinic.test", None),
    ]:
        profile = ExpertProfileFactory(
            user__username=username, user__is_active=active, user__email=email
        )
        if group:
            profile.user.groups.add(group)
    question = QuestionFactory()
    services.question_assign(question_id=question.pk, actor=moderator, expert=expert.expert_profile)
    send_outbox()
    mail.outbox.clear()

    services.question_submit_for_signoff(question_id=question.pk, actor=expert)

    [message] = send_outbox()
    assert message.to == ["colleague@clinic.test"]
    assert message.subject == f"An answer waits for your sign-off (#{question.pk})"
    assert f"https://ms.example.org/admin/questions/question/{question.pk}/change/" in message.body
    assert expert.expert_profile.display_name in message.body
    submission = question.submission
    for private in (submission.name, submission.email, submission.original_text, question.title):
        assert private not in message.subject + message.body


def test_withdrawn_qa_can_be_signed_again_and_republished_keeping_its_url_and_month(
    expert, colleague
):
    question = at(S.WITHDRAWN, expert_user=expert)
    slug, published_at = question.slug, question.published_at
    with pytest.raises(services.TransitionNotAllowed, match="not been sent"):
        services.question_sign_off(question_id=question.pk, actor=colleague)
    services.question_submit_for_signoff(question_id=question.pk, actor=expert)
    assert Question.objects.get(pk=question.pk).status == S.WITHDRAWN
    services.question_sign_off(question_id=question.pk, actor=colleague)
    services.question_publish(question_id=question.pk, actor=expert)
    question.refresh_from_db()
    assert question.status == S.PUBLISHED
    assert (question.slug, question.published_at) == (slug, published_at)
    assert question.answers.count() == 2


def test_publish_sets_date_and_slug_and_emails_the_patient_once(expert, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    question = at(S.SIGNED_OFF, expert_user=expert)
    question.submission.notify = True
    question.submission.save()
    services.question_publish(question_id=question.pk, actor=expert)
    question.refresh_from_db()
    assert question.published_at is not None
    assert question.slug
    to_patient = [m for m in send_outbox() if m.to == [question.submission.email]]
    assert len(to_patient) == 1
    assert question.get_absolute_url() in to_patient[0].body


def test_declined_patient_is_told_why_but_spam_gets_no_mail(moderator, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    duplicate, spam = QuestionFactory(), QuestionFactory()
    answered = publish(QuestionFactory(title="Can I get vaccinated on ocrelizumab?"))
    services.question_reject(
        question_id=duplicate.pk, actor=moderator, reason="duplicate", duplicate_of=answered
    )
    services.question_reject(question_id=spam.pk, actor=moderator, reason="spam")
    assert [m.to for m in send_outbox()] == [[duplicate.submission.email]]
    assert "Duplicate of an answered question" in mail.outbox[0].body
    assert settings.SITE_URL + answered.get_absolute_url() in mail.outbox[0].body


def test_declining_as_a_duplicate_needs_a_question_that_is_or_will_be_answered(moderator):
    question, withdrawn = QuestionFactory(), at(S.WITHDRAWN)
    with pytest.raises(services.TransitionNotAllowed, match="Choose the question or published"):
        services.question_reject(question_id=question.pk, actor=moderator, reason="duplicate")
    with pytest.raises(services.TransitionNotAllowed, match="must point to a published Q&A"):
        services.question_reject(
            question_id=question.pk,
            actor=moderator,
            reason="duplicate",
            duplicate_of=withdrawn,
        )
    question.refresh_from_db()
    assert question.status == S.NEW


def test_a_declined_question_can_be_reopened_and_the_history_says_so(moderator):
    question = QuestionFactory()
    services.question_reject(question_id=question.pk, actor=moderator, reason="out_of_scope")
    services.question_reopen(question_id=question.pk, actor=moderator, note="Declined by mistake")
    question.refresh_from_db()
    assert (question.status, question.reject_reason) == (S.NEW, "")
    last = Transition.objects.filter(question=question).last()
    assert (last.action, last.from_status, last.to_status) == ("reopen", "rejected", "new")
    assert last.note == "Declined by mistake"


def test_expert_is_told_of_an_assignment(moderator, expert, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    question = QuestionFactory()
    services.question_assign(question_id=question.pk, actor=moderator, expert=expert.expert_profile)
    assert [m.to for m in send_outbox()] == [[expert.email]]
    body = mail.outbox[0].body
    assert f"/admin/questions/question/{question.pk}/change/" in body
    assert question.submission.name not in body and question.submission.email not in body


def test_a_failing_mail_server_keeps_the_state_and_the_mail_for_later(expert, settings):
    from django.core.management import call_command

    from core.models import OutgoingEmail

    settings.EMAIL_BACKEND = "tests.test_lifecycle.BrokenBackend"
    question = at(S.SIGNED_OFF, expert_user=expert)
    question.submission.notify = True
    question.submission.save()
    services.question_publish(question_id=question.pk, actor=expert)
    send_outbox()
    question.refresh_from_db()
    assert question.status == S.PUBLISHED
    waiting = OutgoingEmail.objects.get(to=question.submission.email)
    assert waiting.sent_at is None and waiting.attempts == 1

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_outbox", stdout=open("/dev/null", "w"))  # noqa: SIM115
    waiting.refresh_from_db()
    assert waiting.sent_at is not None
    assert [question.submission.email] in [m.to for m in mail.outbox]
    assert not OutgoingEmail.objects.filter(sent_at__isnull=True).exists()


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        import smtplib

        raise smtplib.SMTPServerDisconnected("mail server down")
