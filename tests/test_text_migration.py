"""The migration that normalises text stored before line ends were made uniform."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@pytest.mark.django_db(transaction=True)
def test_text_stored_with_browser_line_ends_is_normalised_and_a_waiting_version_sent_again():
    before = [("questions", "0020_identifiers_confirmed_and_waiting_duplicates")]
    after = [("questions", "0021_normalise_stored_text")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    Question = old.get_model("questions", "Question")
    waiting = Question.objects.create(
        title="Heat ",
        body="Line one.  \r\nLine two.\r\n",
        answer_source="Rest helps.\r\n\r\nCool down.",
        status="awaiting_signoff",
        submitted_sha256="a" * 64,
    )
    clean = Question.objects.create(
        title="Fatigue",
        body="Plain.",
        answer_source="Rest.",
        status="awaiting_signoff",
        submitted_sha256="b" * 64,
    )
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    Question = new.get_model("questions", "Question")
    waiting, clean = Question.objects.get(pk=waiting.pk), Question.objects.get(pk=clean.pk)
    assert (waiting.title, waiting.body, waiting.answer_source) == (
        "Heat",
        "Line one.\nLine two.",
        "Rest helps.\n\nCool down.",
    )
    assert (waiting.status, waiting.submitted_sha256) == ("assigned", "")
    history = new.get_model("questions", "Transition").objects.get(question_id=waiting.pk)
    assert history.action == "changed_after_sending"
    assert (clean.status, clean.submitted_sha256) == ("awaiting_signoff", "b" * 64)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
