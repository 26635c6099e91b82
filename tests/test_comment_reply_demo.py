"""The demo shows a clinician's reply under a reader's comment, loaded from its
Q&A file through the same service as a reply from the admin."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from questions.models import CommentReply, Question
from tests.test_demo_content import demo_copy, spoil  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

HEAT = "questions/qas/03-why-do-my-symptoms-get-worse-in-hot.md"


def test_the_demo_qa_on_heat_shows_dr_alvarezs_reply_under_the_comment(roles, visitor):
    call_command("load_demo", stdout=io.StringIO())
    qa = Question.objects.get(title="Why do my symptoms get worse in hot weather?")
    html = visitor.get(qa.get_absolute_url()).content.decode()
    comment_at = html.index("A cooling vest changed my summers.")
    reply_at = html.index('Reply from <a href="/experts/maria-alvarez-md/">Maria Alvarez, MD</a>')
    assert comment_at < reply_at
    assert "Thank you for sharing what works for you." in html[reply_at:]
    reply = CommentReply.objects.get()
    assert reply.author.username == "dr.alvarez"
    assert reply.created_at > reply.comment.created_at


def test_a_demo_reply_by_an_unknown_clinician_is_refused_naming_the_file(roles, demo_copy):  # noqa: F811
    spoil(demo_copy / HEAT, 'by = "dr.alvarez"', 'by = "dr.nobody"')
    with pytest.raises(
        CommandError,
        match=r"03-why-do-my-symptoms-get-worse-in-hot\.md: unknown clinician 'dr.nobody'",
    ):
        call_command("load_demo", stdout=io.StringIO())
    assert not Question.objects.exists()
