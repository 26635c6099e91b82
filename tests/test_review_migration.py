"""Q&As published before the review cycle existed count as reviewed on the day
their published version was signed, by its signer."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("questions", "0011_plain_words_for_comments_closed")]
AFTER = [("questions", "0013_review_cycle_and_references")]


@pytest.mark.django_db(transaction=True)
def test_published_answers_get_their_sign_off_as_first_review_and_a_due_date():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    User = apps.get_model("auth", "User")
    Profile = apps.get_model("questions", "ExpertProfile")
    Question = apps.get_model("questions", "Question")
    Answer = apps.get_model("questions", "Answer")
    user = User.objects.create(username="signer-before")
    profile = Profile.objects.create(user=user, display_name="Maria Alvarez, MD")
    question = Question.objects.create(title="Old Q&A", body="Asked long ago", slug="old-qa")
    signed = datetime.datetime(2023, 5, 2, 18, 0, tzinfo=datetime.UTC)
    answer = Answer.objects.create(
        question=question,
        question_title="Old Q&A",
        question_text="Asked long ago",
        body_html="<p>Answered.</p>",
        signer=profile,
        signed_by=user,
        signed_at=signed,
        signature_block="Maria Alvarez, MD\nNeurologist",
        sha256="0" * 64,
    )
    Question.objects.filter(pk=question.pk).update(
        status="published", published_answer=answer, published_at=signed
    )
    unpublished = Question.objects.create(title="Still new", body="Just asked")

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    Question = apps.get_model("questions", "Question")
    migrated = Question.objects.get(pk=question.pk)
    assert migrated.reviewed_at == signed
    assert migrated.reviewed_by_id == profile.pk
    assert migrated.reviewed_by_name == "Maria Alvarez, MD"
    assert migrated.review_due == datetime.date(2026, 5, 2)
    assert Question.objects.get(pk=unpublished.pk).review_due is None

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
