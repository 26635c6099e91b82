"""Two clinicians clicking at the same moment: each transition happens exactly once.

Threads race through the real services on their own database connections;
on PostgreSQL the conditional UPDATE makes the loser match nothing, on
SQLite the IMMEDIATE transaction serializes them."""

from __future__ import annotations

import threading

import pytest
from django.db import OperationalError, connections

from questions import services
from questions.models import Answer, Question, Transition
from tests.conftest import role
from tests.factories import ExpertProfileFactory, QuestionFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
RACERS = 4


def race(action) -> list[str]:
    """Start `action()` in RACERS threads at once; return what each one got."""
    barrier = threading.Barrier(RACERS)
    results: list[str] = []

    def worker():
        try:
            barrier.wait()
            action()
            results.append("ok")
        except services.TransitionNotAllowed:
            results.append("refused")
        except OperationalError as exc:  # SQLite: "database is locked" after its timeout
            results.append(f"locked: {exc}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.fixture
def clinicians():
    experts = role("Experts")
    users = []
    for n in range(2):
        profile = ExpertProfileFactory(user__username=f"clinician{n}")
        profile.user.groups.add(experts)
        users.append(profile.user)
    moderator = UserFactory(username="racemod", is_staff=True)
    moderator.groups.add(role("Moderators"))
    return users, moderator


def awaiting_signoff(clinicians) -> Question:
    (first, _), moderator = clinicians
    question = QuestionFactory()
    services.question_assign(question_id=question.pk, actor=moderator, expert=first.expert_profile)
    services.question_submit_for_signoff(question_id=question.pk, actor=first)
    return question


def test_parallel_sign_off_signs_once_with_one_audit_row(clinicians):
    (_, second), _ = clinicians
    third = ExpertProfileFactory(user__username="clinician2").user
    third.groups.add(role("Experts"))
    question = awaiting_signoff(clinicians)
    # Two colleagues of the author, each clicking twice.
    signers = iter([second, third, second, third])
    lock = threading.Lock()

    def sign():
        with lock:
            actor = next(signers)
        services.question_sign_off(question_id=question.pk, actor=actor)

    results = race(sign)
    assert results.count("ok") == 1, results
    assert Answer.objects.filter(question=question).count() == 1
    assert Transition.objects.filter(question=question, action="sign_off").count() == 1
    assert Question.objects.get(pk=question.pk).status == Question.Status.SIGNED_OFF


def test_parallel_publish_publishes_once_with_one_audit_row(clinicians):
    (_, second), moderator = clinicians
    question = awaiting_signoff(clinicians)
    services.question_sign_off(question_id=question.pk, actor=second)

    results = race(lambda: services.question_publish(question_id=question.pk, actor=moderator))
    assert results.count("ok") == 1, results
    assert Transition.objects.filter(question=question, action="publish").count() == 1
    assert Question.objects.get(pk=question.pk).status == Question.Status.PUBLISHED
